import type { TestDatabaseId } from '@backstage/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ActionRecord, ActionRecordStore } from './ActionRecordStore';
import { pluginTestDatabases } from '../../__testUtils__/pluginTestDatabases';

/**
 * SQLite always; PostgreSQL when the developer names a server:
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.
 */
const databases = pluginTestDatabases();

// a PostgreSQL database is made and migrated per test: seconds on a busy machine
jest.setTimeout(60_000);

// this table's migration alone: the store is tested, not the others' tables
const migration = require(resolvePackagePath(
  '@workload-status/backstage-plugin-workload-status-backend',
  'migrations/20261207010000_action_records.js',
));

async function createStore(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const database = mockServices.database({ knex });
  const ready = database.getClient().then(async client => {
    await migration.up(client);
    return client;
  });
  return new ActionRecordStore(() => ready);
}

const minute = (m: number) =>
  new Date(Date.UTC(2026, 11, 7, 10, m)).toISOString();

function record(overrides: Partial<ActionRecord> = {}): ActionRecord {
  return {
    entityRef: 'component:default/storefront',
    actor: 'user:default/alice',
    at: minute(0),
    cluster: 'production',
    namespace: 'shop',
    kind: 'Deployment',
    name: 'storefront',
    action: 'restart',
    outcome: 'succeeded',
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('ActionRecordStore on %s', id => {
  it('stores records and lists an entity’s newest of each outcome', async () => {
    const store = await createStore(id);
    await store.insert(record({ at: minute(1) }));
    await store.insert(
      record({
        at: minute(2),
        action: 'scale',
        outcome: 'failed',
        error:
          'Deployment shop/storefront is scaled by HorizontalPodAutoscaler',
      }),
    );
    await store.insert(record({ at: minute(3), action: 'stop' }));
    await store.insert(
      record({ entityRef: 'component:default/other', at: minute(4) }),
    );
    const listed = await store.listForEntity(
      'component:default/storefront',
      10,
    );
    expect(listed).toEqual([
      record({
        at: minute(2),
        action: 'scale',
        outcome: 'failed',
        error:
          'Deployment shop/storefront is scaled by HorizontalPodAutoscaler',
      }),
      record({ at: minute(3), action: 'stop' }),
      record({ at: minute(1) }),
    ]);
  });

  it('keeps failures when successes are many', async () => {
    const store = await createStore(id);
    await store.insert(
      record({ at: minute(0), outcome: 'failed', error: 'x' }),
    );
    for (let m = 1; m <= 5; m++) await store.insert(record({ at: minute(m) }));
    const listed = await store.listForEntity('component:default/storefront', 2);
    expect(listed.map(r => `${r.outcome}@${r.at}`)).toEqual([
      `failed@${minute(0)}`,
      `succeeded@${minute(5)}`,
      `succeeded@${minute(4)}`,
    ]);
  });

  it('prunes by age, then to the newest per entity', async () => {
    const store = await createStore(id);
    for (let m = 0; m < 6; m++) await store.insert(record({ at: minute(m) }));
    await store.insert(
      record({ entityRef: 'component:default/other', at: minute(5) }),
    );
    const deleted = await store.prune({ before: minute(1), maxPerEntity: 3 });
    expect(deleted).toBe(3);
    expect(
      (await store.listForEntity('component:default/storefront', 10)).map(
        r => r.at,
      ),
    ).toEqual([minute(5), minute(4), minute(3)]);
    expect(
      await store.listForEntity('component:default/other', 10),
    ).toHaveLength(1);
  });

  it('keeps a 1000-character error whole', async () => {
    const store = await createStore(id);
    const error = 'é'.repeat(1001);
    await store.insert(record({ outcome: 'failed', error }));
    const [stored] = await store.listForEntity(
      'component:default/storefront',
      1,
    );
    expect(stored.error).toBe(error);
  });
});
