import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The databases the persistence tests run on: SQLite in a file (what a
 * restarted single-node backend reopens) and, when the environment names
 * a server, PostgreSQL through TestDatabases.
 */
export function persistenceDatabases() {
  const postgres = process.env
    .BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? TestDatabases.create({ ids: ['POSTGRES_15'], disableDocker: true })
    : undefined;
  const opened: Array<{ knex: Knex; dir?: string }> = [];
  const ids = ['SQLITE_FILE', ...(postgres ? ['POSTGRES_15'] : [])] as const;
  return {
    ids: [...ids],
    async open(id: string): Promise<Knex> {
      if (id === 'POSTGRES_15' && postgres) {
        return postgres.init('POSTGRES_15');
      }
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workload-status-'));
      const knex = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: path.join(dir, 'plugin.sqlite') },
        useNullAsDefault: true,
      });
      opened.push({ knex, dir });
      return knex;
    },
    async close() {
      for (const { knex, dir } of opened) {
        await knex.destroy();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
