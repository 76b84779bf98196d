import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type {
  EntityStatus,
  Health,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { JobRunRecord } from '../diagnostics/history/JobRunStore';
import { EntityNotifier } from './EntityNotifier';
import { NotificationClaimStore } from './NotificationClaimStore';
import { pluginTestDatabases } from '../__testUtils__/pluginTestDatabases';

const databases = pluginTestDatabases();

const CHECKOUT = 'component:default/checkout';
const REPORT = 'component:default/nightly-report';
const WINDOW = 15 * 60_000;
/** a window start: 2026-12-07T02:00:00Z */
const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);

/** What the notifications backend was asked to send. */
function sentRecorder() {
  const sent: NotificationSendOptions[] = [];
  const service: NotificationService = {
    async send(options) {
      sent.push(options);
    },
  };
  return { sent, service };
}

const crashLoop: Reason = {
  severity: 'error',
  code: 'CrashLoopBackOff',
  message:
    'Container app keeps crashing: token=abcdef0123456789abcdef0123456789 in env',
  object: { kind: 'Pod', name: 'checkout-1' },
};

function status(
  entityRef: string,
  health: Health,
  reasons: Reason[] = health === 'error' ? [crashLoop] : [],
  workloads: EntityStatus['workloads'] = [],
): EntityStatus {
  return {
    entityRef,
    lifecycle: health === 'error' ? 'NotReady' : 'Running',
    health,
    reasons,
    updatedAt: new Date(T0).toISOString(),
    clusters: [],
    workloads,
  };
}

const reportStatus = (health: Health, reasons: Reason[] = []) =>
  status(REPORT, health, reasons, [
    {
      kind: 'CronJob',
      name: 'nightly-report',
      namespace: 'data',
      cluster: 'production',
      lifecycle: 'Waiting',
      health,
      reasons: [],
      components: {},
    } as unknown as EntityStatus['workloads'][number],
  ]);

function run(uid: string, lifecycle: string): JobRunRecord {
  return {
    cluster: 'production',
    uid,
    namespace: 'data',
    name: `nightly-report-${uid}`,
    owner: 'CronJob/nightly-report',
    cronJob: 'nightly-report',
    trigger: 'scheduled',
    lifecycle,
    health: lifecycle === 'Failed' ? 'error' : 'progressing',
    reasons:
      lifecycle === 'Failed'
        ? [
            {
              severity: 'error',
              code: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
              object: { kind: 'Job', name: `nightly-report-${uid}` },
            },
          ]
        : [],
    firstSeen: new Date(T0).toISOString(),
    lastSeen: new Date(T0).toISOString(),
    sortTime: new Date(T0).toISOString(),
    deleted: false,
  } as JobRunRecord;
}

describe.each(databases.eachSupportedId())('EntityNotifier on %s', id => {
  let now = T0;

  /** `count` notifiers (backend replicas) sharing one database. */
  async function replicas(
    count: number,
    debounceMs = WINDOW,
    recoveryDelayMs = 0,
  ) {
    const knex = await databases.init(id);
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@workload-status/backstage-plugin-workload-status-backend',
        'migrations',
      ),
    });
    const recorder = sentRecorder();
    const notifiers = Array.from(
      { length: count },
      () =>
        new EntityNotifier({
          settings: {
            enabled: true,
            debounceMs,
            recoveryDelayMs,
            claimRetentionMs: 86_400_000,
          },
          claims: new NotificationClaimStore(async () => knex),
          notifications: recorder.service,
          logger: mockServices.logger.mock(),
          now: () => now,
        }),
    );
    const all = {
      sent: recorder.sent,
      notifiers,
      knex,
      /** every replica sees the same status */
      status: (s: EntityStatus) => notifiers.forEach(n => n.statusChanged(s)),
      runs: (records: JobRunRecord[]) =>
        notifiers.forEach(n => n.runsWritten(records)),
      idle: () => Promise.all(notifiers.map(n => n.idle())),
    };
    return all;
  }

  beforeEach(() => {
    now = T0 + 60_000;
  });

  it('does not notify the state found at startup, nor unknown', async () => {
    const r = await replicas(1);
    r.status(status(CHECKOUT, 'unknown'));
    // green in the cluster read first, while another is still being read
    r.status({
      ...status(CHECKOUT, 'ok'),
      clusters: [
        {
          name: 'production',
          reachable: true,
          stale: false,
          lastSyncAt: '2026-12-07T02:00:00.000Z',
        },
        { name: 'staging', reachable: true, stale: false },
      ],
    });
    r.status(status(CHECKOUT, 'error'));
    r.status(status(CHECKOUT, 'unknown'));
    r.status(status(CHECKOUT, 'error', [{ ...crashLoop, message: 'again' }]));
    await r.idle();
    expect(r.sent).toEqual([]);
  });

  it('without the notifications backend (404), says so once and stops sending for ten minutes', async () => {
    const knex = await databases.init(id);
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@workload-status/backstage-plugin-workload-status-backend',
        'migrations',
      ),
    });
    const attempts: string[] = [];
    const logger = mockServices.logger.mock();
    const notifier = new EntityNotifier({
      settings: {
        enabled: true,
        debounceMs: WINDOW,
        recoveryDelayMs: 0,
        claimRetentionMs: 86_400_000,
      },
      claims: new NotificationClaimStore(async () => knex),
      notifications: {
        async send(options) {
          attempts.push(options.payload.title);
          // what DefaultNotificationService throws when the plugin is absent
          throw new Error(
            'Failed to send notifications: Error: Request failed with status 404',
          );
        },
      },
      logger,
      now: () => now,
    });
    notifier.statusChanged(status(CHECKOUT, 'ok'));
    notifier.statusChanged(status(CHECKOUT, 'error'));
    await notifier.idle();
    notifier.statusChanged(status(REPORT, 'ok'));
    notifier.statusChanged(status(REPORT, 'error'));
    await notifier.idle();
    expect(attempts).toEqual(['checkout is in error']);
    const warnings = (logger.warn as jest.Mock).mock.calls.map(c => c[0]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/answered 404.*nothing is sent for 10 minutes/);
    // ten minutes later it tries again
    now += 10 * 60_000 + 1;
    notifier.statusChanged(status('component:default/search', 'ok'));
    notifier.statusChanged(status('component:default/search', 'error'));
    await notifier.idle();
    expect(attempts).toEqual(['checkout is in error', 'search is in error']);
    await notifier.stop();
  });

  it('tells the owners once when an entity turns error, with redacted text', async () => {
    const r = await replicas(1);
    r.status(status(CHECKOUT, 'ok'));
    r.status(status(CHECKOUT, 'error'));
    await r.idle();
    expect(r.sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: [CHECKOUT] },
        payload: expect.objectContaining({
          title: 'checkout is in error',
          severity: 'high',
          topic: CHECKOUT,
          link: '/catalog/default/component/checkout/status',
          scope: `workload-status:${CHECKOUT}:2026-12-07T02:00:00.000Z`,
        }),
      },
    ]);
    const description = r.sent[0].payload.description!;
    expect(description).toMatch(/^CrashLoopBackOff: Container app keeps/);
    expect(description).not.toContain('abcdef0123456789abcdef0123456789');
  });

  it('sends once per window with two replicas, and a recovery', async () => {
    const r = await replicas(2);
    r.status(status(CHECKOUT, 'ok'));
    // a flapping pod: red, green, red, green within one window
    r.status(status(CHECKOUT, 'error'));
    await r.idle();
    now += 60_000;
    r.status(status(CHECKOUT, 'ok'));
    await r.idle();
    now += 60_000;
    r.status(status(CHECKOUT, 'error'));
    await r.idle();
    now += 60_000;
    r.status(status(CHECKOUT, 'warning'));
    await r.idle();
    expect(r.sent.map(s => [s.payload.title, s.payload.severity])).toEqual([
      ['checkout is in error', 'high'],
      ['checkout recovered', 'normal'],
    ]);
    // both share the window's scope: one entry in the owners' list
    expect(new Set(r.sent.map(s => s.payload.scope)).size).toBe(1);
    // the next fixed window, yet less than a window after the last
    // problem told: still debounced
    now = T0 + WINDOW + 1000;
    r.status(status(CHECKOUT, 'ok'));
    r.status(status(CHECKOUT, 'error'));
    await r.idle();
    expect(r.sent).toHaveLength(2);
    // a window after it: news again (the recovery told at T0 + 2 min is
    // less than a window old: that one is debounced)
    now = T0 + 60_000 + WINDOW;
    r.status(status(CHECKOUT, 'ok'));
    r.status(status(CHECKOUT, 'error'));
    await r.idle();
    expect(r.sent.slice(2).map(s => s.payload.title)).toEqual([
      'checkout is in error',
    ]);
    await Promise.all(r.notifiers.map(n => n.stop()));
  });

  it('tells a recovery once the entity stayed out of error for the delay', async () => {
    const r = await replicas(2, WINDOW, 5 * 60_000);
    r.status(status(CHECKOUT, 'ok'));
    r.status(status(CHECKOUT, 'error'));
    // a crash loop: green for seconds between crashes, for ten minutes
    for (let i = 0; i < 20; i++) {
      now += 20_000;
      r.status(status(CHECKOUT, 'ok'));
      now += 10_000;
      r.notifiers.forEach(n => n.checkRecoveries());
      r.status(status(CHECKOUT, 'error'));
    }
    await r.idle();
    expect(r.sent.map(s => s.payload.title)).toEqual(['checkout is in error']);
    // fixed: ok, then warning, for five minutes
    now += 60_000;
    r.status(status(CHECKOUT, 'ok'));
    now += 4 * 60_000;
    r.status(status(CHECKOUT, 'warning'));
    r.notifiers.forEach(n => n.checkRecoveries());
    await r.idle();
    expect(r.sent).toHaveLength(1);
    now += 60_000;
    r.notifiers.forEach(n => n.checkRecoveries());
    await r.idle();
    expect(r.sent.map(s => [s.payload.title, s.payload.severity])).toEqual([
      ['checkout is in error', 'high'],
      ['checkout recovered', 'normal'],
    ]);
  });

  it('tells the state a flapping entity is left in when its window ends', async () => {
    const r = await replicas(2, 20_000);
    now = T0 + 1000;
    r.status(status(CHECKOUT, 'ok'));
    r.status(status(CHECKOUT, 'error'));
    await r.idle();
    now += 10;
    r.status(status(CHECKOUT, 'ok'));
    await r.idle();
    // broken again within a window of the last problem told: debounced
    now = T0 + 17_000;
    r.status(status(CHECKOUT, 'error'));
    await r.idle();
    expect(r.sent).toHaveLength(2);
    // the window ends: what its timer does (a second after the end), on
    // the test's clock rather than in real time
    now = T0 + 21_001;
    await Promise.all(r.notifiers.map(n => n.tellDebounced()));
    await r.idle();
    expect(r.sent.map(s => s.payload.title)).toEqual([
      'checkout is in error',
      'checkout recovered',
      'checkout is in error',
    ]);
    await Promise.all(r.notifiers.map(n => n.stop()));
  }, 30_000);

  it('tells a failed run seen running, once per window, and not old runs', async () => {
    const r = await replicas(2);
    r.status(reportStatus('error'));
    // runs listed at startup: history, whatever their outcome
    r.runs([run('old', 'Failed')]);
    r.runs([run('a', 'Executing')]);
    r.runs([run('a', 'Failed')]);
    // written again (a later pod change): the same failure
    r.runs([run('a', 'Failed')]);
    await r.idle();
    r.runs([run('b', 'Waiting')]);
    r.runs([run('b', 'Failed')]);
    await r.idle();
    expect(r.sent.map(s => s.payload.title)).toEqual([
      'nightly-report: a run of nightly-report failed',
    ]);
    expect(r.sent[0].payload.description).toBe(
      'Job nightly-report-a in data (cluster production) failed. BackoffLimitExceeded: Job has reached the specified backoff limit',
    );
  });

  it('does not wait for a cluster that failed to answer', async () => {
    const r = await replicas(1);
    const edgeDown = {
      clusters: [
        {
          name: 'production',
          reachable: true,
          stale: false,
          lastSyncAt: '2026-12-07T02:00:00.000Z',
        },
        { name: 'edge', reachable: false, stale: true, error: 'unreachable' },
      ],
    };
    r.status({ ...status(CHECKOUT, 'ok'), ...edgeDown });
    r.status({ ...status(CHECKOUT, 'error'), ...edgeDown });
    await r.idle();
    expect(r.sent.map(s => s.payload.title)).toEqual(['checkout is in error']);
  });

  it('tells a missed schedule', async () => {
    const r = await replicas(1);
    r.status(reportStatus('ok'));
    r.status(
      reportStatus('warning', [
        {
          severity: 'warning',
          code: 'MissedSchedule',
          message: 'nightly-report missed its run scheduled at 02:00',
          object: { kind: 'CronJob', name: 'nightly-report' },
        },
      ]),
    );
    await r.idle();
    expect(r.sent.map(s => s.payload.title)).toEqual([
      'nightly-report missed a scheduled run',
    ]);
  });

  it('leaves out an entity whose annotation turns notifications off', async () => {
    const r = await replicas(1);
    const entity = (annotations: Record<string, string>): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout', annotations },
    });
    r.notifiers[0].entityRead(
      entity({ 'workload-status.dev/notifications': 'Off' }),
      CHECKOUT,
    );
    r.status(status(CHECKOUT, 'ok'));
    r.status(status(CHECKOUT, 'error'));
    await r.idle();
    expect(r.sent).toEqual([]);
    // the annotation removed: told again
    r.notifiers[0].entityRead(entity({}), CHECKOUT);
    r.status(status(CHECKOUT, 'ok'));
    await r.idle();
    expect(r.sent.map(s => s.payload.title)).toEqual(['checkout recovered']);
  });
});
