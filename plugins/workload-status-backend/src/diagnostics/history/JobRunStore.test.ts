import type { TestDatabaseId } from '@backstage/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { JobRunRecord, JobRunStore } from './JobRunStore';
import { pluginTestDatabases } from '../../__testUtils__/pluginTestDatabases';

/**
 * SQLite always; PostgreSQL when scripts/test.sh (or the developer) names
 * a server: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.
 */
const databases = pluginTestDatabases();

async function createStore(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = JobRunStore.create(mockServices.database({ knex }));
  return { knex, store };
}

function run(uid: string, overrides: Partial<JobRunRecord> = {}): JobRunRecord {
  return {
    cluster: 'prod',
    uid,
    namespace: 'data',
    name: `reports-${uid}`,
    owner: 'CronJob/reports',
    cronJob: 'reports',
    trigger: 'scheduled',
    startedAt: '2026-01-01T10:00:00.000Z',
    completedAt: '2026-01-01T10:00:06.000Z',
    lifecycle: 'Succeeded',
    health: 'ok',
    reasons: [],
    firstSeen: '2026-01-01T10:00:00.000Z',
    lastSeen: '2026-01-01T10:00:00.000Z',
    sortTime: '2026-01-01T10:00:00.000Z',
    deleted: false,
    ...overrides,
  };
}

const minute = (m: number) =>
  new Date(Date.UTC(2026, 0, 1, 10, m)).toISOString();

describe.each(databases.eachSupportedId())('JobRunStore on %s', id => {
  it('upserts by cluster and uid, keeping the first sighting', async () => {
    const { store } = await createStore(id);
    await store.upsert([
      run('a', {
        lifecycle: 'Executing',
        health: 'progressing',
        completedAt: undefined,
      }),
    ]);
    await store.upsert([
      run('a', {
        firstSeen: minute(5),
        lastSeen: minute(5),
        deleted: true,
        reasons: [
          {
            severity: 'error',
            code: 'JobFailed',
            message: 'Job has reached the specified backoff limit',
            object: { kind: 'Job', namespace: 'data', name: 'reports-a' },
          },
        ],
      }),
      // same uid in another cluster: another run
      run('a', { cluster: 'edge' }),
    ]);
    const rows = await store.list({
      cluster: 'prod',
      namespace: 'data',
      owners: ['CronJob/reports'],
      limit: 10,
    });
    expect(rows).toEqual([
      run('a', {
        firstSeen: '2026-01-01T10:00:00.000Z',
        lastSeen: minute(5),
        deleted: true,
        reasons: [
          {
            severity: 'error',
            code: 'JobFailed',
            message: 'Job has reached the specified backoff limit',
            object: { kind: 'Job', namespace: 'data', name: 'reports-a' },
          },
        ],
      }),
    ]);
  });

  it('lists the newest runs of the owners asked for', async () => {
    const { store } = await createStore(id);
    await store.upsert([
      run('a', { sortTime: minute(1), startedAt: minute(1) }),
      run('b', { sortTime: minute(3), startedAt: minute(3) }),
      run('c', {
        sortTime: minute(2),
        startedAt: undefined,
        completedAt: undefined,
      }),
      run('d', {
        owner: 'Job/migrate',
        cronJob: undefined,
        name: 'migrate',
        trigger: 'manual',
      }),
      run('e', { namespace: 'other' }),
    ]);
    const list = (owners: string[], limit = 10) =>
      store
        .list({ cluster: 'prod', namespace: 'data', owners, limit })
        .then(rows => rows.map(r => r.uid));
    expect(await list(['CronJob/reports'])).toEqual(['b', 'c', 'a']);
    expect(await list(['CronJob/reports'], 2)).toEqual(['b', 'c']);
    expect(await list(['Job/migrate', 'CronJob/reports'])).toEqual([
      'b',
      'c',
      'a',
      'd',
    ]);
    expect(await list([])).toEqual([]);
    const [standalone] = await store.list({
      cluster: 'prod',
      namespace: 'data',
      owners: ['Job/migrate'],
      limit: 1,
    });
    expect(standalone.cronJob).toBeUndefined();
    expect(standalone.trigger).toBe('manual');
  });

  it('prunes by age and keeps the newest runs of each owner', async () => {
    const { store } = await createStore(id);
    const runs = Array.from({ length: 12 }, (_, i) =>
      run(`r${String(i).padStart(2, '0')}`, { sortTime: minute(i) }),
    );
    await store.upsert([
      ...runs,
      run('other-1', { owner: 'CronJob/backup', sortTime: minute(0) }),
      run('other-2', { owner: 'CronJob/backup', sortTime: minute(30) }),
      // a uid is unique per cluster only: staging's r03 is another run
      run('r03', { cluster: 'staging', sortTime: minute(3) }),
    ]);
    const deleted = await store.prune({
      before: minute(1),
      maxRunsPerOwner: 5,
    });
    // r00 and other-1 by age, then r01..r06 beyond the newest five
    expect(deleted).toBe(8);
    const left = await store.list({
      cluster: 'prod',
      namespace: 'data',
      owners: ['CronJob/reports', 'CronJob/backup'],
      limit: 100,
    });
    expect(left.map(r => r.uid)).toEqual([
      'other-2',
      'r11',
      'r10',
      'r09',
      'r08',
      'r07',
    ]);
    const staging = await store.list({
      cluster: 'staging',
      namespace: 'data',
      owners: ['CronJob/reports'],
      limit: 100,
    });
    expect(staging.map(r => r.uid)).toEqual(['r03']);
  });

  it('finds standalone runs by their labels', async () => {
    const { store } = await createStore(id);
    const standalone = (
      uid: string,
      labels: Record<string, string>,
      namespace = 'data',
    ) =>
      run(uid, {
        owner: `Job/${uid}`,
        cronJob: undefined,
        name: uid,
        trigger: 'manual',
        namespace,
        labels,
      });
    await store.upsert([
      standalone('migrate-1', { 'backstage.io/kubernetes-id': 'reports' }),
      standalone('migrate-2', {
        'backstage.io/kubernetes-id': 'reports',
        tier: 'db',
      }),
      standalone('seed', { 'backstage.io/kubernetes-id': 'other' }),
      standalone(
        'elsewhere',
        { 'backstage.io/kubernetes-id': 'reports' },
        'ops',
      ),
      // a CronJob's run is found through its CronJob, never by labels
      run('cron-run', { labels: undefined }),
    ]);
    const find = (namespace?: string) =>
      store
        .listStandalone({
          cluster: 'prod',
          namespace,
          labels: [{ key: 'backstage.io/kubernetes-id', value: 'reports' }],
          limit: 10,
        })
        .then(rows => rows.map(r => r.uid).sort());
    expect(await find('data')).toEqual(['migrate-1', 'migrate-2']);
    expect(await find()).toEqual(['elsewhere', 'migrate-1', 'migrate-2']);
    const [row] = await store.listStandalone({
      cluster: 'prod',
      namespace: 'data',
      labels: [{ key: 'tier', value: 'db' }],
      limit: 10,
    });
    expect(row.labels).toEqual({
      'backstage.io/kubernetes-id': 'reports',
      tier: 'db',
    });
  });

  it('writes a batch larger than one statement', async () => {
    const { store } = await createStore(id);
    const many = Array.from({ length: 260 }, (_, i) =>
      run(`m${i}`, {
        sortTime: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      }),
    );
    await store.upsert(many);
    const rows = await store.list({
      cluster: 'prod',
      namespace: 'data',
      owners: ['CronJob/reports'],
      limit: 500,
    });
    expect(rows).toHaveLength(260);
    expect(rows[0].uid).toBe('m259');
  });

  it('redacts stored reasons on reading, also rows written before redaction', async () => {
    const { knex, store } = await createStore(id);
    // a row as an older version wrote it: the message as the container said it
    await store.upsert([
      run('old', {
        reasons: [
          {
            severity: 'error',
            code: 'ContainerFailed',
            message:
              'container app terminated: connect postgres://app:hunter2@db failed password=hunter2',
            hint: 'retry with Authorization: Bearer abcdefghijklmnopqrstuvwxyz',
            object: { kind: 'Pod', namespace: 'data', name: 'reports-old-x' },
          },
          'not a reason',
        ] as any,
      }),
    ]);
    const [raw] = await knex('job_runs')
      .where({ uid: 'old' })
      .select('reasons');
    expect(raw.reasons).toContain('hunter2');
    const [row] = await store.list({
      cluster: 'prod',
      namespace: 'data',
      owners: ['CronJob/reports'],
      limit: 10,
    });
    expect(row.reasons).toEqual([
      {
        severity: 'error',
        code: 'ContainerFailed',
        message:
          'container app terminated: connect postgres://app:[REDACTED]@db failed password=[REDACTED]',
        hint: 'retry with Authorization: Bearer [REDACTED]',
        object: { kind: 'Pod', namespace: 'data', name: 'reports-old-x' },
      },
    ]);
    expect(JSON.stringify(row)).not.toContain('hunter2');
  });
});

describe('JobRunStore without a database', () => {
  it('fails the call and connects again on the next', async () => {
    let attempts = 0;
    const knex = await databases.init('SQLITE_3');
    const store = new JobRunStore(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('connection refused');
      await knex.migrate.latest({
        directory: `${__dirname}/../../../migrations`,
      });
      return knex;
    });
    await expect(store.upsert([run('a')])).rejects.toThrow(
      'connection refused',
    );
    await store.upsert([run('a')]);
    expect(attempts).toBe(2);
  });
});
