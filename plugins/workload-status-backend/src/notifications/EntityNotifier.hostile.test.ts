import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type {
  EntityStatus,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { JobRunRecord } from '../diagnostics/history/JobRunStore';
import {
  hasLoneSurrogate,
  hugeTexts,
  leaked,
  secretTexts,
} from '../__testUtils__/hostileTexts';
import { EntityNotifier } from './EntityNotifier';
import { NotificationClaimStore } from './NotificationClaimStore';
import { pluginTestDatabases } from '../__testUtils__/pluginTestDatabases';

/**
 * The notifier end to end on a database: an entity turns red, and a run of
 * its CronJob fails, with reason messages an attacker wrote (every planted
 * secret, megabyte texts). What reaches the notifications service holds
 * no secret and stays within 300 characters.
 */
const databases = pluginTestDatabases();
const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);
const MAX_CHARS = 300;

const messages = [
  ...secretTexts().map(s => s.text),
  ...hugeTexts().map(h => h.text),
];

function errorReason(message: string, name: string): Reason {
  return {
    severity: 'error',
    code: 'CrashLoopBackOff',
    message,
    object: { kind: 'Pod', name },
  };
}

function status(
  entityRef: string,
  health: 'ok' | 'error',
  reasons: Reason[] = [],
): EntityStatus {
  const workload = {
    kind: 'CronJob',
    name: 'nightly',
    namespace: 'data',
    cluster: 'production',
    lifecycle: 'Waiting',
    health,
    reasons: [],
    components: {},
  } as unknown as EntityStatus['workloads'][number];
  return {
    entityRef,
    lifecycle: health === 'error' ? 'NotReady' : 'Running',
    health,
    reasons,
    updatedAt: new Date(T0).toISOString(),
    clusters: [],
    workloads: [workload],
  };
}

function run(uid: string, lifecycle: string, message: string): JobRunRecord {
  return {
    cluster: 'production',
    uid,
    namespace: 'data',
    name: `nightly-${uid}`,
    owner: 'CronJob/nightly',
    cronJob: 'nightly',
    trigger: 'scheduled',
    lifecycle,
    health: lifecycle === 'Failed' ? 'error' : 'progressing',
    reasons:
      lifecycle === 'Failed' ? [errorReason(message, `nightly-${uid}`)] : [],
    firstSeen: new Date(T0).toISOString(),
    lastSeen: new Date(T0).toISOString(),
    sortTime: new Date(T0).toISOString(),
    deleted: false,
  } as JobRunRecord;
}

function problems(sent: NotificationSendOptions[]): string[] {
  return sent.flatMap(({ payload }, i) =>
    [payload.title, payload.description ?? ''].flatMap(text => [
      ...leaked(text).map(s => `notification ${i} leaks ${s}`),
      ...(Array.from(text).length > MAX_CHARS
        ? [`notification ${i}: ${Array.from(text).length} characters`]
        : []),
      ...(hasLoneSurrogate(text) ? [`notification ${i}: broken UTF-16`] : []),
    ]),
  );
}

describe.each(databases.eachSupportedId())('EntityNotifier on %s', id => {
  it('tells owners of hostile failures without a secret, bounded', async () => {
    const knex = await databases.init(id);
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@workload-status/backstage-plugin-workload-status-backend',
        'migrations',
      ),
    });
    const sent: NotificationSendOptions[] = [];
    let now = T0;
    const notifier = new EntityNotifier({
      settings: {
        enabled: true,
        debounceMs: 60_000,
        recoveryDelayMs: 0,
        claimRetentionMs: 86_400_000,
      },
      claims: new NotificationClaimStore(async () => knex),
      notifications: {
        async send(options) {
          sent.push(options);
        },
      },
      logger: mockServices.logger.mock(),
      now: () => now,
    });
    // one entity per message, each seen green then red, with a failed run
    messages.forEach((message, i) => {
      const ref = `component:default/hostile-${i}`;
      notifier.statusChanged(status(ref, 'ok'));
      notifier.statusChanged(
        status(ref, 'error', [errorReason(message, `hostile-${i}`)]),
      );
    });
    await notifier.idle();
    expect(sent).toHaveLength(messages.length);
    // a window later (not debounced): every entity's CronJob `nightly` fails
    now += 120_000;
    const started = Date.now();
    notifier.runsWritten(messages.map((_, i) => run(`u${i}`, 'Executing', '')));
    notifier.runsWritten(messages.map((m, i) => run(`u${i}`, 'Failed', m)));
    await notifier.idle();
    expect(Date.now() - started).toBeLessThan(5000);
    // a failed run per entity (the claims make it one per window)
    expect(sent).toHaveLength(2 * messages.length);
    expect(sent.map(s => s.payload.title)).toContain(
      'hostile-0: a run of nightly failed',
    );
    expect(problems(sent)).toEqual([]);
    await notifier.stop();
  });
});
