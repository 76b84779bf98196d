/*
 * Test doubles at the client boundary: a WorkloadStatusApi answering from
 * fixtures, a Signals API whose messages the test sends, and catalog
 * entities annotated like the example catalog's.
 */
import { Entity } from '@backstage/catalog-model';
import { SignalApi } from '@backstage/plugin-signals-react';
import {
  EntityStatus,
  EntityStatusSummary,
  JobHistoryEntry,
} from '@workload-status/backstage-plugin-workload-status-common';
import { WorkloadStatusApi } from '../api/types';

type Api = WorkloadStatusApi;

/** A Signals message: a JSON object. */
type JsonObject = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/**
 * The job history route's answer for a status: the runs the status carries,
 * as the database keeps them.
 */
export function jobHistoryOf(
  status: EntityStatus | undefined,
  cronJob?: string,
): JobHistoryEntry[] {
  return (status?.workloads ?? []).flatMap(w =>
    w.jobHistory
      .filter(run => !cronJob || run.cronJob === cronJob)
      .map(run => ({
        ...run,
        cluster: w.cluster ?? 'default',
        uid: `uid-${run.name}`,
        trigger: run.trigger ?? 'scheduled',
        deleted: false,
      })),
  );
}

/**
 * A fake API whose getEntityStatus answers with the given statuses, in turn
 * (the last repeats). The diagnostics routes answer empty (the job history:
 * the runs of the last status answered); tests override what they look at.
 */
export function fakeWorkloadStatusApi(
  ...answers: Array<EntityStatus | Error | Promise<EntityStatus>>
): jest.Mocked<WorkloadStatusApi> {
  let call = 0;
  let lastStatus: EntityStatus | undefined;
  return {
    getEntityStatus: jest.fn(async (_entityRef: string) => {
      const answer = answers[Math.min(call, answers.length - 1)];
      call += 1;
      if (answer instanceof Error) throw answer;
      lastStatus = await answer;
      return answer;
    }),
    getSummaries: jest.fn(
      async (_entityRefs: string[]): Promise<EntityStatusSummary[]> => [],
    ),
    getRollup: jest.fn<
      ReturnType<Api['getRollup']>,
      Parameters<Api['getRollup']>
    >(async () => {
      throw new Error('getRollup not expected in this test');
    }),
    getEvents: jest.fn<
      ReturnType<Api['getEvents']>,
      Parameters<Api['getEvents']>
    >(async () => ({ items: [] })),
    getTimeline: jest.fn<
      ReturnType<Api['getTimeline']>,
      Parameters<Api['getTimeline']>
    >(async () => ({ items: [] })),
    getJobHistory: jest.fn<
      ReturnType<Api['getJobHistory']>,
      Parameters<Api['getJobHistory']>
    >(async (_entityRef, options) => ({
      items: jobHistoryOf(lastStatus, options?.cronJob),
    })),
    getPodLog: jest.fn<
      ReturnType<Api['getPodLog']>,
      Parameters<Api['getPodLog']>
    >(async () => ''),
    followPodLog: jest.fn<
      ReturnType<Api['followPodLog']>,
      Parameters<Api['followPodLog']>
    >(async () => {}),
    downloadPodLog: jest.fn<
      ReturnType<Api['downloadPodLog']>,
      Parameters<Api['downloadPodLog']>
    >(async () => new Blob([''])),
    getJobLog: jest.fn<
      ReturnType<Api['getJobLog']>,
      Parameters<Api['getJobLog']>
    >(async () => ''),
    getBuildLog: jest.fn<
      ReturnType<Api['getBuildLog']>,
      Parameters<Api['getBuildLog']>
    >(async (_entityRef, build) => ({ ...build, steps: [] })),
    getOperatorLog: jest.fn<
      ReturnType<Api['getOperatorLog']>,
      Parameters<Api['getOperatorLog']>
    >(async () => ({ sources: [], items: [] })),
    getClusters: jest.fn<
      ReturnType<Api['getClusters']>,
      Parameters<Api['getClusters']>
    >(async () => []),
    cronJobAction: jest.fn<
      ReturnType<Api['cronJobAction']>,
      Parameters<Api['cronJobAction']>
    >(async () => {
      throw new Error('cronJobAction not expected in this test');
    }),
    workloadAction: jest.fn<
      ReturnType<Api['workloadAction']>,
      Parameters<Api['workloadAction']>
    >(async () => {
      throw new Error('workloadAction not expected in this test');
    }),
    deletePod: jest.fn<
      ReturnType<Api['deletePod']>,
      Parameters<Api['deletePod']>
    >(async () => {
      throw new Error('deletePod not expected in this test');
    }),
  };
}

/** Signals as the signals plugin provides them, with `send` for the test. */
export class FakeSignalApi implements SignalApi {
  private readonly listeners = new Map<string, Set<(m: JsonObject) => void>>();

  subscribe<T extends JsonObject = JsonObject>(
    channel: string,
    onMessage: (message: T) => void,
  ) {
    const set = this.listeners.get(channel) ?? new Set();
    const listener = onMessage as (m: JsonObject) => void;
    set.add(listener);
    this.listeners.set(channel, set);
    return { unsubscribe: () => set.delete(listener) };
  }

  /** Delivers a message; wrap in `act` since it updates components. */
  send(channel: string, message: JsonObject) {
    this.listeners.get(channel)?.forEach(l => l(message));
  }
}

/** The catalog entity a status belongs to. */
export function entityOf(status: EntityStatus): Entity {
  const [kind, rest] = status.entityRef.split(':');
  const [namespace, name] = rest.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: kind[0].toLocaleUpperCase('en-US') + kind.slice(1),
    metadata: {
      namespace,
      name,
      annotations: { 'backstage.io/kubernetes-id': name },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}
