import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  NotificationClaim,
  NotificationClaimStore,
} from './NotificationClaimStore';
import { pluginTestDatabases } from '../__testUtils__/pluginTestDatabases';

/**
 * SQLite always; PostgreSQL when scripts/test.sh (or the developer) names
 * a server: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.
 */
const databases = pluginTestDatabases();

/** Two stores on one database: two backend replicas. */
async function twoReplicas(id: TestDatabaseId) {
  const knex = await databases.init(id);
  // migrated once: what is tested is the claim, not knex's migration lock
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@workload-status/backstage-plugin-workload-status-backend',
      'migrations',
    ),
  });
  const connection = async () => knex;
  return [
    new NotificationClaimStore(connection),
    new NotificationClaimStore(connection),
  ] as const;
}

const claim = (over: Partial<NotificationClaim> = {}): NotificationClaim => ({
  entityRef: 'component:default/checkout',
  topic: 'problem',
  windowStart: '2026-12-07T02:00:00.000Z',
  claimedAt: '2026-12-07T02:03:00.000Z',
  event: 'turned-error',
  ...over,
});

describe.each(databases.eachSupportedId())(
  'NotificationClaimStore on %s',
  id => {
    it('lets one of two replicas claim a window, whichever comes first', async () => {
      const [a, b] = await twoReplicas(id);
      const results = await Promise.all([
        a.claim(claim()),
        b.claim(claim({ claimedAt: '2026-12-07T02:03:00.001Z' })),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      // the same replica again: still claimed
      expect(await a.claim(claim())).toBe(false);
      // another topic, window or entity is another claim
      expect(
        await b.claim(claim({ topic: 'recovery', event: 'recovered' })),
      ).toBe(true);
      expect(
        await b.claim(claim({ windowStart: '2026-12-07T02:15:00.000Z' })),
      ).toBe(true);
      expect(
        await a.claim(claim({ entityRef: 'component:default/payments' })),
      ).toBe(true);
    });

    it('tells the newest claim of an entity', async () => {
      const [a] = await twoReplicas(id);
      expect(await a.latest('component:default/checkout')).toBeUndefined();
      await a.claim(claim());
      await a.claim(
        claim({
          topic: 'recovery',
          event: 'recovered',
          claimedAt: '2026-12-07T02:09:00.000Z',
        }),
      );
      await a.claim(
        claim({
          entityRef: 'component:default/payments',
          claimedAt: '2026-12-07T02:10:00.000Z',
        }),
      );
      expect(await a.latest('component:default/checkout')).toEqual(
        claim({
          topic: 'recovery',
          event: 'recovered',
          claimedAt: '2026-12-07T02:09:00.000Z',
        }),
      );
    });

    it('prunes claims older than the retention', async () => {
      const [a, b] = await twoReplicas(id);
      await a.claim(claim());
      await a.claim(
        claim({
          windowStart: '2026-12-08T02:00:00.000Z',
          claimedAt: '2026-12-08T02:00:00.000Z',
        }),
      );
      expect(await b.prune('2026-12-08T00:00:00.000Z')).toBe(1);
      expect(await a.claim(claim())).toBe(true);
    });
  },
);
