import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { clusterCallError } from '../clusterCallError';
import {
  cpuTimed,
  hasLoneSurrogate,
  hugeTexts,
  leaked,
  secretTexts,
  shortSecretLines,
} from '../../__testUtils__/hostileTexts';
import {
  ActionRecorder,
  MAX_ERROR_CHARS,
  storedErrorText,
} from './ActionRecorder';
import { ActionRecordStore } from './ActionRecordStore';
import { pluginTestDatabases } from '../../__testUtils__/pluginTestDatabases';

/**
 * Plays the cluster as a stranger: the apiserver answers an action with an
 * error body of its choice (every planted secret, megabytes, pathological
 * runs, a secret placed where a cut falls). The failure kept in the action
 * records, and shown in the operator log, holds no secret and at most
 * MAX_ERROR_CHARS (and its ellipsis), and is made in bounded time.
 */
const databases = pluginTestDatabases();
jest.setTimeout(60_000);

const TIME_BOUND_MS = 200;
const REF = 'component:default/storefront';
const CALL = {
  cluster: 'production',
  verb: 'patch deployments',
  object: 'Deployment shop/storefront',
};

/** What client-node rejects with: the HTTP code and the body it read. */
function apiException(code: number | undefined, body: unknown, message = '') {
  return Object.assign(new Error(message || `HTTP-Code: ${code}`), {
    code,
    body,
  });
}

/** The errors a hostile apiserver can make an action fail with, carrying `text`. */
function clusterErrors(text: string): Array<[string, unknown]> {
  const status = (code: number) =>
    JSON.stringify({ kind: 'Status', code, message: text });
  return [
    ...[404, 409, 403, 422, 500].map(
      code =>
        [`${code} Status`, apiException(code, status(code))] as [
          string,
          unknown,
        ],
    ),
    ['422 body not JSON', apiException(422, text)],
    ['500 body an object', apiException(500, { message: text })],
    // a connection error quoting what the server sent
    ['no code', apiException(undefined, undefined, text)],
  ];
}

function problems(text: string | undefined): string[] {
  if (text === undefined) return [];
  const out = leaked(text).map(s => `leaks ${s}`);
  const chars = Array.from(text).length;
  if (chars > MAX_ERROR_CHARS + 1) out.push(`${chars} characters`);
  if (hasLoneSurrogate(text)) out.push('broken UTF-16');
  return out;
}

function recorderOn(store: ActionRecordStore) {
  return new ActionRecorder({
    store,
    settings: {
      maxPerEntity: 100_000,
      maxAgeMs: 3600_000,
      pruneIntervalMs: 60_000,
    },
    logger: mockServices.logger.mock(),
    now: () => Date.UTC(2026, 11, 7, 10, 0),
  });
}

describe('action record errors from a hostile apiserver', () => {
  const store = {
    records: [] as unknown[],
    async insert(r: unknown) {
      this.records.push(r);
    },
  };
  const recorder = recorderOn(store as unknown as ActionRecordStore);

  it.each([...secretTexts(), ...hugeTexts()].map(h => [h.name, h.text]))(
    '%s: redacted, bounded, in bounded time',
    async (_name, text) => {
      const found: string[] = [];
      for (const [shape, error] of clusterErrors(text)) {
        store.records = [];
        const { ms } = cpuTimed(() => clusterCallError(error, CALL));
        const routeError = clusterCallError(error, CALL);
        const start = process.threadCpuUsage();
        await recorder.record({
          entityRef: REF,
          actor: 'user:default/alice',
          cluster: 'production',
          namespace: 'shop',
          kind: 'Deployment',
          name: 'storefront',
          action: 'scale',
          error: routeError,
        });
        const used = process.threadCpuUsage(start);
        const recordMs = (used.user + used.system) / 1000;
        const kept = (store.records[0] as { error?: string }).error;
        for (const p of problems(kept)) found.push(`${shape}: ${p}`);
        if (ms + recordMs > TIME_BOUND_MS)
          found.push(`${shape}: ${(ms + recordMs).toFixed(0)} ms`);
      }
      expect(found).toEqual([]);
    },
  );

  /** The error text the record of a refused scale keeps. */
  async function keptError(error: unknown) {
    store.records = [];
    await recorder.record({
      entityRef: REF,
      actor: 'user:default/alice',
      cluster: 'production',
      namespace: 'shop',
      kind: 'Deployment',
      name: 'storefront',
      action: 'scale',
      error: clusterCallError(error, CALL),
    });
    return (store.records[0] as { error?: string }).error;
  }

  it('leaks no secret that straddles a cut, wherever it falls', async () => {
    const found: string[] = [];
    for (const { name, text } of shortSecretLines()) {
      for (let pad = 150; pad <= 1100; pad += pad < 320 || pad > 880 ? 1 : 50) {
        const message = `${'word '.repeat(pad / 5)}${'a'.repeat(
          pad % 5,
        )} ${text}`;
        for (const [shape, error] of clusterErrors(message)) {
          const kept = await keptError(error);
          for (const p of problems(kept).filter(x => x.startsWith('leaks')))
            found.push(`${name} at ${pad}, ${shape}: ${p}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('redacts a URL password whose @ falls past the cut', async () => {
    // the 300th character is the password's last
    const message = `${'word '.repeat(
      50,
    )}aaaa connecting to postgres://app:UrlPassw0rd-0004@db.shop.svc:5432/app`;
    const kept = await keptError(
      apiException(409, JSON.stringify({ message })),
    );
    expect(leaked(kept ?? '')).toEqual([]);
  });

  it('keeps an error that grows when redacted within the bound', async () => {
    // every short value becomes `[REDACTED]`: longer than what it replaced
    const kept = await keptError(
      apiException(undefined, undefined, 'password=x '.repeat(100)),
    );
    expect(Array.from(kept ?? '').length).toBeLessThanOrEqual(
      MAX_ERROR_CHARS + 1,
    );
    // a user-facing error of the plugin's own, just under the bound
    const own = storedErrorText(new InputError('password=x '.repeat(90)));
    expect(own.length).toBeLessThanOrEqual(MAX_ERROR_CHARS);
    expect(own).not.toMatch(/=x\b/);
  });

  it('never cuts an error inside a surrogate pair', async () => {
    const kept = await keptError(
      apiException(undefined, undefined, `a${'😀'.repeat(2000)}`),
    );
    expect(hasLoneSurrogate(kept ?? '')).toBe(false);
    const own = storedErrorText(new InputError(`a${'😀'.repeat(2000)}`));
    expect(hasLoneSurrogate(own)).toBe(false);
    expect(own.length).toBeLessThanOrEqual(MAX_ERROR_CHARS + 1);
  });
});

describe.each(databases.eachSupportedId())(
  'ActionRecorder on %s with a hostile apiserver',
  id => {
    it('keeps and shows only redacted, bounded failures', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@workload-status/backstage-plugin-workload-status-backend',
          'migrations',
        ),
      });
      const recorder = recorderOn(new ActionRecordStore(async () => knex));
      const texts = [...secretTexts(), ...hugeTexts()];
      let count = 0;
      for (const { text } of texts) {
        for (const [, error] of clusterErrors(text)) {
          count++;
          await recorder.record({
            entityRef: REF,
            actor: 'user:default/alice',
            cluster: 'production',
            namespace: 'shop',
            kind: 'Deployment',
            name: 'storefront',
            action: 'scale',
            error: clusterCallError(error, CALL),
          });
        }
      }
      const lines = await recorder.lines(REF);
      // the newest 100 failures, each redacted and bounded
      expect(lines).toHaveLength(Math.min(count, 100));
      const found = lines.flatMap(l => [
        ...problems(l.error),
        ...leaked(l.raw).map(s => `raw leaks ${s}`),
        ...leaked(l.message).map(s => `message leaks ${s}`),
      ]);
      expect(found).toEqual([]);
      const rows: Array<{ error: string }> = await knex(
        'workload_status_action_records',
      ).select('error');
      expect(rows).toHaveLength(count);
      expect(rows.flatMap(r => problems(r.error))).toEqual([]);
    });
  },
);
