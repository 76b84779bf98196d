/*
 * Renders a component the way the Status tab runs it: inside a test app,
 * with the Workload Status API faked at the client boundary, a permission
 * API whose answers the test chooses and an alert API it can read.
 */
import { ReactElement } from 'react';
import { RenderResult } from '@testing-library/react';
import { SWRConfig } from 'swr';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import {
  AlertApi,
  AlertMessage,
  alertApiRef,
} from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { WorkloadStatusApi, workloadStatusApiRef } from '../api/types';

/** An alert API that remembers what was posted. */
export class RecordingAlertApi implements AlertApi {
  readonly posted: AlertMessage[] = [];
  post(message: AlertMessage) {
    this.posted.push(message);
  }
  alert$(): any {
    return { subscribe: () => ({ unsubscribe() {} }) };
  }
}

export async function renderWithApis(
  ui: ReactElement,
  options: {
    api: WorkloadStatusApi;
    /** permission names denied to the user; everything else is allowed */
    denied?: string[];
    alerts?: RecordingAlertApi;
  },
): Promise<RenderResult & { askedPermissions: string[] }> {
  const denied = new Set(options.denied ?? []);
  const asked: string[] = [];
  const permission = mockApis.permission({
    authorize: request => {
      asked.push(request.permission.name);
      return denied.has(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    },
  });
  const rendered: RenderResult = await renderInTestApp(
    <TestApiProvider
      apis={[
        [workloadStatusApiRef, options.api],
        [permissionApiRef, permission],
        [alertApiRef, options.alerts ?? new RecordingAlertApi()],
      ]}
    >
      {withFreshPermissionCache(ui)}
    </TestApiProvider>,
  );
  /** the permissions asked about so far, by name */
  return Object.assign(rendered, { askedPermissions: asked });
}

/**
 * usePermission caches answers in SWR's global cache; each test gets its own
 * so one test's policy does not leak into the next.
 */
export function withFreshPermissionCache(ui: ReactElement): ReactElement {
  return <SWRConfig value={{ provider: () => new Map() }}>{ui}</SWRConfig>;
}

/**
 * Backstage's LogViewer sizes itself to its box and renders no line in a box
 * of size zero, which is all jsdom measures; give boxes a size.
 */
export function giveLogViewerRoom() {
  jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    bottom: 600,
    right: 1000,
    width: 1000,
    height: 600,
    toJSON: () => ({}),
  });
}
