import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const ATTEMPTS = 5;
const RETRY_DELAY_MS = 500;

/**
 * The plugin's database, migrated, made on first use. Several stores of the
 * plugin migrate at startup; knex's migration lock turns all but one away,
 * so a failed attempt is retried a few times before the call fails (and a
 * later call tries again: a database down at startup delays the timeline,
 * it does not stop the backend).
 */
export function migratedDatabase(
  database: DatabaseService,
): () => Promise<Knex> {
  let ready: Promise<Knex> | undefined;
  const connect = async () => {
    const knex = await database.getClient();
    if (database.migrations?.skip) return knex;
    for (let attempt = 1; ; attempt++) {
      try {
        await knex.migrate.latest({
          directory: resolvePackagePath(
            '@workload-status/backstage-plugin-workload-status-backend',
            'migrations',
          ),
        });
        return knex;
      } catch (e) {
        if (attempt >= ATTEMPTS) throw e;
        await new Promise(r => setTimeout(r, RETRY_DELAY_MS * attempt));
      }
    }
  };
  return () => {
    ready ??= connect().catch(e => {
      ready = undefined;
      throw e;
    });
    return ready;
  };
}
