import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases the plugin's store tests run on: SQLite in memory, and
 * PostgreSQL 15 when the environment names a server (npm test does;
 * backend-test-utils reads the variable). Docker is never started.
 */
export function pluginTestDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: [
      'SQLITE_3',
      ...(process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
        ? (['POSTGRES_15'] as const)
        : []),
    ],
    disableDocker: true,
  });
}
