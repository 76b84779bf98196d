import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  workloadStatusServiceProviderRef,
  workloadStatusServiceRef,
} from './serviceRef';
import type { WorkloadStatusService } from './types';

describe('workloadStatusServiceRef', () => {
  it('hands other plugins the service the workload-status plugin provides, in-process', async () => {
    let fromConsumer: WorkloadStatusService | undefined;
    const seen: string[] = [];
    const provider = createBackendPlugin({
      pluginId: 'workload-status',
      register(env) {
        env.registerInit({
          deps: { provider: workloadStatusServiceProviderRef },
          async init({ provider: p }) {
            p.provide({
              async getEntityStatus(ref) {
                seen.push(ref);
                return undefined;
              },
              async getSummaries(refs) {
                seen.push(...refs);
                return [];
              },
              async getRollup(ref) {
                seen.push(ref);
                return {
                  entityRef: ref,
                  kind: 'system',
                  lifecycle: 'NoMembers',
                  health: 'unknown',
                  counts: {
                    error: 0,
                    unknown: 0,
                    warning: 0,
                    progressing: 0,
                    stopped: 0,
                    ok: 0,
                  },
                  members: [],
                  updatedAt: '2026-01-01T00:00:00Z',
                };
              },
            });
          },
        });
      },
    });
    const consumer = createBackendPlugin({
      pluginId: 'consumer',
      register(env) {
        env.registerInit({
          deps: { status: workloadStatusServiceRef },
          async init({ status }) {
            fromConsumer = status;
          },
        });
      },
    });
    const backend = await startTestBackend({ features: [consumer, provider] });
    try {
      await expect(
        fromConsumer!.getEntityStatus('component:default/web'),
      ).resolves.toBeUndefined();
      await expect(
        fromConsumer!.getSummaries(['component:default/a']),
      ).resolves.toEqual([]);
      await expect(
        fromConsumer!.getRollup('system:default/shop'),
      ).resolves.toMatchObject({
        entityRef: 'system:default/shop',
        members: [],
      });
      expect(seen).toEqual([
        'component:default/web',
        'component:default/a',
        'system:default/shop',
      ]);
    } finally {
      await backend.stop();
    }
  });
});
