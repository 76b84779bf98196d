import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import {
  resolvePackagePath,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import { ConfigReader } from '@backstage/config';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import { persistenceDatabases } from '../__testUtils__/timelineDatabases';
import { ActionRecorder } from '../actions/records/ActionRecorder';
import { ActionRecordStore } from '../actions/records/ActionRecordStore';
import { scheduleActionRecordPruning } from '../actions/records/scheduleActionRecordPruning';
import { EntityNotifier } from '../notifications/EntityNotifier';
import { NotificationClaimStore } from '../notifications/NotificationClaimStore';
import { readNotificationSettings } from '../notifications/NotificationSettings';
import { scheduleClaimPruning } from '../notifications/scheduleClaimPruning';

// SQLite in a file; PostgreSQL too when the developer names a server
// (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)
const databases = persistenceDatabases();
afterAll(() => databases.close());

// the scheduler's own migrations, then real runs a second apart
jest.setTimeout(60_000);

const NOW = Date.parse('2026-12-07T10:00:00.000Z');
const DAY_MS = 24 * 3600_000;

/** Backstage's scheduler of one replica, stopped with `shutdown`. */
function replicaScheduler(knex: Knex): {
  scheduler: SchedulerService;
  shutdown: () => Promise<void>;
} {
  const shutdownHooks: Array<() => void | Promise<void>> = [];
  const scheduler = DefaultSchedulerService.create({
    database: mockServices.database({ knex }),
    logger: mockServices.logger.mock(),
    metrics: metricsServiceMock.mock(),
    rootLifecycle: mockServices.rootLifecycle.mock({
      addShutdownHook: hook => {
        shutdownHooks.push(hook);
      },
    }),
    httpRouter: mockServices.httpRouter.mock(),
    pluginMetadata: { getId: () => 'workload-status' },
  });
  return {
    scheduler,
    shutdown: async () => {
      for (const hook of shutdownHooks) await hook();
    },
  };
}

async function waitFor(what: string, done: () => Promise<boolean>) {
  const deadline = Date.now() + 30_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

describe.each(databases.ids)('pruning as scheduler tasks on %s', id => {
  let knex: Knex;
  const replicas: Array<{ shutdown: () => Promise<void> }> = [];

  beforeEach(async () => {
    knex = await databases.open(id);
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@workload-status/backstage-plugin-workload-status-backend',
        'migrations',
      ),
    });
  });

  afterEach(async () => {
    await Promise.all(replicas.splice(0).map(r => r.shutdown()));
  });

  /** A scheduler per replica, made one after the other (their migrations). */
  async function twoReplicas(
    schedule: (scheduler: SchedulerService) => Promise<void>,
  ) {
    for (let i = 0; i < 2; i++) {
      const replica = replicaScheduler(knex);
      replicas.push(replica);
      await schedule(replica.scheduler);
    }
  }

  it('applies the action records bounds on one replica at a time', async () => {
    const store = new ActionRecordStore(async () => knex);
    const at = (ageMs: number) => new Date(NOW - ageMs).toISOString();
    const record = (ageMs: number) => ({
      entityRef: 'component:default/storefront',
      actor: 'user:default/alice',
      at: at(ageMs),
      cluster: 'production',
      namespace: 'shop',
      kind: 'Deployment',
      name: 'storefront',
      action: 'restart',
      outcome: 'succeeded' as const,
    });
    await store.insert(record(40 * DAY_MS));
    for (let m = 0; m < 3; m++) await store.insert(record(m * 60_000));
    const recorder = new ActionRecorder({
      store,
      settings: { maxPerEntity: 2, maxAgeMs: 30 * DAY_MS, pruneIntervalMs: 0 },
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
    // each run holds the task a while: two replicas running it at once
    // (a timer per replica) would overlap here
    let running = 0;
    let overlapped = false;
    const runs: number[] = [];
    const started = Date.now();
    await twoReplicas(scheduler =>
      scheduleActionRecordPruning({
        scheduler,
        recorder: {
          prune: async () => {
            running += 1;
            overlapped ||= running > 1;
            await new Promise(r => setTimeout(r, 300));
            const deleted = await recorder.prune();
            running -= 1;
            runs.push(Date.now());
            return deleted;
          },
        },
        intervalMs: 1000,
        logger: mockServices.logger.mock(),
      }),
    );

    await waitFor('three runs', async () => runs.length >= 3);
    expect(overlapped).toBe(false);
    // one run per interval across both replicas, not one per replica
    const elapsedS = (Date.now() - started) / 1000;
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsedS) + 1);
    expect(
      (await store.listForEntity('component:default/storefront', 10)).map(
        r => r.at,
      ),
    ).toEqual([at(0), at(60_000)]);
  });

  it('deletes the old notification claims once scheduled', async () => {
    const claims = new NotificationClaimStore(async () => knex);
    const claim = (claimedAt: number) => ({
      entityRef: 'component:default/checkout',
      topic: 'problem' as const,
      windowStart: new Date(claimedAt).toISOString(),
      claimedAt: new Date(claimedAt).toISOString(),
      event: 'turned-error' as const,
    });
    await claims.claim(claim(NOW - 3 * DAY_MS));
    await claims.claim(claim(NOW - 60_000));
    const notifier = new EntityNotifier({
      settings: readNotificationSettings(new ConfigReader({})),
      claims,
      notifications: { send: async () => {} } as unknown as NotificationService,
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
    const logger = mockServices.logger.mock();
    await twoReplicas(scheduler =>
      scheduleClaimPruning({ scheduler, notifier, logger }),
    );

    // the task's first run is due when it is scheduled; the next in an hour
    await waitFor(
      'the first run',
      async () => logger.info.mock.calls.length > 0,
    );
    expect(logger.info.mock.calls).toEqual([
      ['Notifications: 1 old claims pruned'],
    ]);
    expect((await claims.latest('component:default/checkout'))?.claimedAt).toBe(
      new Date(NOW - 60_000).toISOString(),
    );
  });
});
