import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import request from 'supertest';
import { startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(120_000);

// PostgreSQL as in production when npm test names a server, else SQLite
const databaseId = process.env
  .BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  ? 'POSTGRES_15'
  : 'SQLITE_3';
const databases = TestDatabases.create({
  ids: [databaseId],
  disableDocker: true,
});

/**
 * One database per plugin, kept across a backend restart: the claims and
 * the notifications outlive the backend, as they do in production.
 */
async function pluginDatabases() {
  const knexes = new Map<string, Knex>([
    ['workload-status', await databases.init(databaseId)],
    ['notifications', await databases.init(databaseId)],
  ]);
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }) => {
      const knex = knexes.get(plugin.getId());
      if (!knex) throw new Error(`no test database for ${plugin.getId()}`);
      return mockServices.database({ knex });
    },
  });
}

interface Notification {
  payload: {
    title: string;
    description?: string;
    link?: string;
    severity: string;
    topic?: string;
  };
  origin: string;
}

/**
 * Backstage's real notifications backend beside the plugin: what the owner
 * (alice, who owns every entity of the harness) lists through the
 * notifications API is what the plugin sent. The scenario's checkout
 * crash-loops once its pods run; its `reports` CronJob succeeds until the
 * test makes its runs fail. Each plugin has its own database, kept across
 * the restart of the last test.
 */
describe('owner notifications', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const auth = mockCredentials.user.header('user:default/alice');
  const notifications = async (): Promise<Notification[]> => {
    const res = await request(h.backend.server)
      .get('/api/notifications/')
      .set('Authorization', auth);
    if (res.status !== 200) {
      throw new Error(
        `notifications: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    return res.body.notifications;
  };
  /**
   * Sends to alice so far: the notifications backend signals each one,
   * also one that updates the entry of its scope in place.
   */
  const sends = () =>
    h.signals.filter(s => s.channel === 'notifications').length;
  const about = (list: Notification[], name: string) =>
    list.filter(n => n.payload.topic === `component:default/${name}`);
  /** Advances the simulated clock in steps that the watches can follow. */
  const advance = async (ms: number, stepMs = 2000) => {
    for (let t = 0; t < ms; t += stepMs) {
      await h.sim.clock.advance(stepMs);
      await new Promise(r => setTimeout(r, 40));
    }
  };

  beforeAll(async () => {
    h = await startHarness(
      ['checkout', 'reports', 'web'],
      { jobHistory: { flushDelay: { milliseconds: 20 } } },
      {
        features: [notificationsPlugin, await pluginDatabases()],
        config: { app: { baseUrl: 'http://localhost:3000' } },
      },
    );
    await h.eventually(h.clusters, cs => cs.every(c => c.synced));
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('sends nothing for the state found at startup', async () => {
    // every entity's first status is known by now: nothing was a change
    const names = ['checkout', 'reports', 'web'];
    const statuses = await h.eventually(
      () => Promise.all(names.map(name => h.status(name))),
      all => all.every(s => s.health !== 'unknown'),
    );
    expect(statuses.map(s => s.health)).not.toContain('unknown');
    await new Promise(r => setTimeout(r, 300));
    expect(await notifications()).toEqual([]);
    expect(sends()).toBe(0);
  });

  it('tells the owner once when checkout turns error, linking its Status tab', async () => {
    await h.follow('checkout', s => s.health === 'error');
    // crash after crash: the pod keeps changing, the owner is told once
    await advance(60_000);
    const list = await h.eventually(
      notifications,
      l => about(l, 'checkout').length > 0,
    );
    const checkout = about(list, 'checkout');
    expect(checkout).toHaveLength(1);
    expect(sends()).toBe(1);
    expect(checkout[0]).toMatchObject({
      origin: 'plugin:workload-status',
      payload: {
        title: 'checkout is in error',
        severity: 'high',
        link: '/catalog/default/component/checkout/status',
        description: expect.stringMatching(/^CrashLoopBackOff: /),
      },
    });
  });

  it('tells the owner once when a run of reports fails', async () => {
    h.sim.cluster('production').patch('CronJob', 'data', 'reports', {
      spec: {
        jobTemplate: {
          spec: {
            template: {
              metadata: {
                annotations: {
                  'simulator.workload-status.dev/behaviour': 'fail',
                },
              },
            },
          },
        },
      },
    });
    // three schedules: three failed runs, one notification in the window
    await advance(3 * 60_000);
    const list = await h.eventually(
      notifications,
      l => about(l, 'reports').length > 0,
    );
    const reports = about(list, 'reports');
    expect(reports).toHaveLength(1);
    // the failed run turns the CronJob red: whichever news came first
    // was sent, and it is about the failed run
    expect(
      `${reports[0].payload.title} ${reports[0].payload.description}`,
    ).toMatch(/fail/i);
    expect(reports[0].payload.severity).toBe('high');
    expect(about(list, 'web')).toEqual([]);
    expect(about(list, 'checkout')).toHaveLength(1);
    expect(sends()).toBe(2);
  });

  it('sends nothing again after a restart: the claims outlive the backend', async () => {
    const before = await notifications();
    await h.restartBackend();
    await h.eventually(h.clusters, cs => cs.every(c => c.synced));
    // checkout keeps crash-looping and reports keeps failing: changes the
    // new backend sees, within the window of what was told before
    await advance(3 * 60_000);
    await new Promise(r => setTimeout(r, 500));
    const after = await notifications();
    expect(about(after, 'checkout')).toHaveLength(1);
    expect(about(after, 'reports')).toHaveLength(1);
    expect(after).toHaveLength(before.length);
    expect(sends()).toBe(2);
  });
});
