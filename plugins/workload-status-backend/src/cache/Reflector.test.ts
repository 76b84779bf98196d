import { mockServices } from '@backstage/backend-test-utils';
import {
  ClusterRequestError,
  ResponseTooLargeError,
  WatchInactivityError,
} from '../cluster/ClusterConnection';
import { ObjectStore } from './ObjectStore';
import { Reflector, ReflectorTransport } from './Reflector';
import { countEventLoopTurns } from '../__testUtils__/eventLoopTurns';

type Obj = { metadata: { uid: string; name: string; resourceVersion: string } };
const pod = (uid: string, rv: string): Obj => ({
  metadata: { uid, name: uid, resourceVersion: rv },
});

/**
 * A scripted API server: LIST pages from `objects`, WATCH answered by the
 * next entry of `watches` (lines to send, then end or fail). Its clock
 * (`now`) moves only when a watch ends cleanly: such a watch lasted
 * `watchLastsMs` (10 minutes, a server timeout, unless a test says
 * otherwise); failures take no time.
 */
class ScriptedServer implements ReflectorTransport {
  objects: Obj[] = [];
  rv = '10';
  requests: string[] = [];
  watches: Array<(onLine: (l: string) => void) => Promise<void>> = [];
  listFailures: Error[] = [];
  clock = 0;
  watchLastsMs = 600_000;

  async getJson<T>(path: string): Promise<T> {
    this.requests.push(path);
    const failure = this.listFailures.shift();
    if (failure) throw failure;
    const q = new URL(path, 'http://x').searchParams;
    const limit = Number(q.get('limit'));
    const start = Number(q.get('continue') ?? 0);
    const items = this.objects.slice(start, start + limit);
    const next =
      start + limit < this.objects.length ? String(start + limit) : undefined;
    return {
      metadata: { resourceVersion: this.rv, continue: next },
      items,
    } as T;
  }

  async stream(
    path: string,
    options: { signal: AbortSignal; onLine: (line: string) => void },
  ): Promise<void> {
    this.requests.push(path);
    const next = this.watches.shift();
    if (next) {
      await next(options.onLine);
      this.clock += this.watchLastsMs;
      return;
    }
    // nothing scripted: hang until stopped
    await new Promise<void>(resolve =>
      options.signal.addEventListener('abort', () => resolve()),
    );
  }
}

function makeReflector(
  server: ScriptedServer,
  sleeps: number[] = [],
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>,
) {
  const store = new ObjectStore();
  const reflector = new Reflector({
    transport: server,
    resource: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
    store,
    project: o => o,
    pageSize: 2,
    watchTimeoutSeconds: { min: 300, max: 600 },
    backoff: { initialMs: 800, maxMs: 30_000 },
    inactivityTimeoutMs: 1000,
    minWatchDurationMs: 5000,
    logger: mockServices.logger.mock(),
    random: () => 0.5,
    now: () => server.clock,
    sleep:
      sleep ??
      (async ms => {
        sleeps.push(ms);
      }),
  });
  return { store, reflector };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) {
    await new Promise(r => setImmediate(r));
  }
  expect(check()).toBe(true);
};

describe('Reflector', () => {
  it('lists in pages, then watches from the list resourceVersion with bookmarks', async () => {
    const server = new ScriptedServer();
    server.objects = [pod('a', '1'), pod('b', '2'), pod('c', '3')];
    const { store, reflector } = makeReflector(server);
    reflector.start();
    await until(() => server.requests.length === 3);
    await reflector.stop();
    expect(server.requests[0]).toBe('/api/v1/pods?limit=2');
    expect(server.requests[1]).toBe('/api/v1/pods?limit=2&continue=2');
    const watch = new URL(server.requests[2], 'http://x').searchParams;
    expect(watch.get('watch')).toBe('true');
    expect(watch.get('allowWatchBookmarks')).toBe('true');
    expect(watch.get('resourceVersion')).toBe('10');
    // randomised between min and max
    expect(Number(watch.get('timeoutSeconds'))).toBe(450);
    expect(store.size).toBe(3);
    expect(reflector.health).toMatchObject({ synced: true, reachable: true });
  });

  it('applies events, re-watches from the last resourceVersion, relists on 410 without ghosts', async () => {
    const server = new ScriptedServer();
    server.objects = [pod('a', '1'), pod('b', '2')];
    const sleeps: number[] = [];
    const { store, reflector } = makeReflector(server, sleeps);
    server.watches.push(async onLine => {
      onLine(JSON.stringify({ type: 'ADDED', object: pod('c', '11') }));
      onLine(JSON.stringify({ type: 'DELETED', object: pod('a', '12') }));
      onLine(
        JSON.stringify({
          type: 'BOOKMARK',
          object: { metadata: { resourceVersion: '15' } },
        }),
      );
    });
    let expire = () => {};
    server.watches.push(async onLine => {
      await new Promise<void>(r => {
        expire = r;
      });
      onLine(
        JSON.stringify({
          type: 'ERROR',
          object: { kind: 'Status', code: 410, message: 'too old' },
        }),
      );
    });
    reflector.start();
    await until(() => server.requests.length >= 3);
    expect([...store.allUids()].sort()).toEqual(['b', 'c']);
    // while we were away: b deleted, d created
    server.objects = [pod('c', '11'), pod('d', '20')];
    server.rv = '30';
    expire();
    await until(() => server.requests.length >= 5);
    await reflector.stop();
    const paths = server.requests.map(p => new URL(p, 'http://x').searchParams);
    expect(paths[1].get('resourceVersion')).toBe('10');
    expect(paths[2].get('resourceVersion')).toBe('15'); // after a clean end: the bookmark's RV
    expect(paths[3].get('watch')).toBeNull(); // 410: relist
    expect(paths[4].get('resourceVersion')).toBe('30');
    expect([...store.allUids()].sort()).toEqual(['c', 'd']);
    expect(sleeps).toEqual([]); // neither a clean end nor a 410 backs off
  });

  it('relists when the server never reached the resourceVersion (a replaced cluster)', async () => {
    const server = new ScriptedServer();
    server.objects = [pod('a', '1'), pod('b', '2')];
    const sleeps: number[] = [];
    const { store, reflector } = makeReflector(server, sleeps);
    server.watches.push(async () => {
      // a new apiserver whose store starts over: everything listed is gone
      server.objects = [pod('z', '3')];
      server.rv = '4';
      throw new ClusterRequestError(
        'GET /api/v1/pods answered 504: Too large resource version: 10, current: 4',
        504,
      );
    });
    reflector.start();
    for (let i = 0; i < 100 && server.requests.length < 4; i++) {
      await new Promise(r => setTimeout(r, 10));
    }
    await reflector.stop();
    const paths = server.requests.map(p => new URL(p, 'http://x').searchParams);
    expect(paths[1].get('resourceVersion')).toBe('10');
    expect(paths[2].get('watch')).toBeNull(); // relist, not a retry
    expect([...store.allUids()]).toEqual(['z']);
    expect(sleeps).toEqual([]);
  });

  it('backs off exponentially with jitter, capped, and records the error', async () => {
    const server = new ScriptedServer();
    for (let i = 0; i < 8; i++) {
      server.listFailures.push(new ClusterRequestError('connect ECONNREFUSED'));
    }
    const sleeps: number[] = [];
    const { reflector } = makeReflector(server, sleeps);
    reflector.start();
    await until(() => sleeps.length === 8);
    expect(reflector.health).toMatchObject({
      synced: false,
      reachable: false,
      lastError: 'connect ECONNREFUSED',
    });
    await until(() => reflector.health.synced);
    await reflector.stop();
    // base 800 ms doubling, x1.5 for random() = 0.5, capped at 30 s
    expect(sleeps).toEqual([
      1200, 2400, 4800, 9600, 19200, 30000, 30000, 30000,
    ]);
    expect(reflector.health.reachable).toBe(true);
  });

  it('marks its type stale, not the cluster unreachable, when its watch is silent; data clears it', async () => {
    const server = new ScriptedServer();
    server.objects = [pod('a', '1')];
    server.clock = 7000;
    server.watches.push(async () => {
      server.clock += 1000;
      throw new WatchInactivityError(
        'Watch /api/v1/pods sent nothing for 1000 ms',
      );
    });
    let deliver!: () => void;
    const gate = new Promise<void>(r => {
      deliver = r;
    });
    server.watches.push(async onLine => {
      await gate;
      onLine(
        JSON.stringify({
          type: 'BOOKMARK',
          object: { metadata: { resourceVersion: '11' } },
        }),
      );
    });
    const { reflector } = makeReflector(server);
    reflector.start();
    await until(() => reflector.health.staleSince !== undefined);
    expect(reflector.health).toMatchObject({
      synced: true,
      // the watch was accepted: the cluster answers
      reachable: true,
      // the last proof of currency: the LIST
      staleSince: 7000,
      lastSyncAt: 7000,
      lastError: 'Watch /api/v1/pods sent nothing for 1000 ms',
    });
    deliver();
    await until(() => reflector.health.staleSince === undefined);
    await reflector.stop();
    expect(reflector.health.reachable).toBe(true);
    expect(reflector.health.lastError).toBeUndefined();
  });

  it.each([
    ['connect ECONNREFUSED', undefined, false],
    ['GET /api/v1/pods answered 503', 503, false],
    ['GET /api/v1/pods answered 500', 500, true],
    ['GET /api/v1/pods answered 403', 403, true],
  ])(
    'a failing watch after the LIST (%s) is stale; reachable only if answered',
    async (message, status, reachable) => {
      const server = new ScriptedServer();
      server.objects = [pod('a', '1')];
      server.clock = 3000;
      server.watches.push(async () => {
        throw new ClusterRequestError(message, status);
      });
      const { reflector } = makeReflector(server, [], async (_ms, signal) => {
        await new Promise<void>(r =>
          signal.addEventListener('abort', () => r()),
        );
      });
      reflector.start();
      await until(() => reflector.health.staleSince !== undefined);
      expect(reflector.health).toMatchObject({
        synced: true,
        reachable,
        staleSince: 3000,
        lastError: message,
      });
      await reflector.stop();
    },
  );

  it('is not stale before its first LIST: it is unsynced', async () => {
    const server = new ScriptedServer();
    server.listFailures.push(new ClusterRequestError('answered 500', 500));
    const { reflector } = makeReflector(server, [], async (_ms, signal) => {
      await new Promise<void>(r => signal.addEventListener('abort', () => r()));
    });
    reflector.start();
    await until(() => reflector.health.lastError !== undefined);
    await reflector.stop();
    expect(reflector.health).toMatchObject({ synced: false, reachable: true });
    expect(reflector.health.staleSince).toBeUndefined();
  });

  it('restarts a watch that fails (a dropped socket or a silent stream)', async () => {
    const server = new ScriptedServer();
    const sleeps: number[] = [];
    const { reflector } = makeReflector(server, sleeps);
    server.watches.push(async () => {
      throw new ClusterRequestError(
        'Watch /api/v1/pods sent nothing for 1000 ms',
      );
    });
    server.watches.push(async onLine => {
      onLine('{not json');
    });
    reflector.start();
    await until(() => server.requests.length >= 4);
    await reflector.stop();
    expect(sleeps).toEqual([1200, 2400]);
    const watches = server.requests.filter(p => p.includes('watch=true'));
    expect(watches.length).toBeGreaterThanOrEqual(3);
  });

  it('treats a missing resource type (404) as synced and idle', async () => {
    const server = new ScriptedServer();
    server.listFailures.push(new ClusterRequestError('not found', 404));
    const sleeps: number[] = [];
    const { reflector } = makeReflector(server, sleeps, (ms, signal) => {
      sleeps.push(ms);
      return new Promise(r => signal.addEventListener('abort', () => r()));
    });
    reflector.start();
    await until(() => sleeps.length === 1);
    expect(reflector.health).toMatchObject({
      absent: true,
      synced: true,
      reachable: true,
    });
    await reflector.stop();
    expect(sleeps[0]).toBe(300_000);
  });
});

describe('Reflector and RBAC', () => {
  it('does not hold the cluster unsynced for a type it may not read (403)', async () => {
    const server = new ScriptedServer();
    server.listFailures.push(
      new ClusterRequestError('nodes is forbidden', 403),
    );
    const sleeps: number[] = [];
    const { reflector } = makeReflector(server, sleeps, (ms, signal) => {
      sleeps.push(ms);
      return new Promise(r => signal.addEventListener('abort', () => r()));
    });
    reflector.start();
    await until(() => sleeps.length === 1);
    expect(reflector.health).toMatchObject({
      synced: true,
      reachable: true,
      lastError: 'nodes is forbidden',
    });
    await reflector.stop();
    expect(sleeps[0]).toBe(30_000);
  });
});

/**
 * A cluster that would make a reflector loop: runs the reflector against
 * `transport` on a virtual clock that only sleeps move, until the clock
 * passes `horizonMs` (or the transport has been called 1,000 times: a
 * storm, which the assertions then show).
 */
async function runOnVirtualClock(
  transport: (clock: () => number) => Pick<ReflectorTransport, 'getJson'> & {
    stream(
      path: string,
      options: { onLine: (line: string) => void },
    ): Promise<void>;
  },
  horizonMs: number,
) {
  let clock = 0;
  let calls = 0;
  let finish = () => {};
  const finished = new Promise<void>(r => {
    finish = r;
  });
  const hang = (signal: AbortSignal) =>
    new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(new Error('stopped'))),
    );
  const inner = transport(() => clock);
  const paths: string[] = [];
  const counted: ReflectorTransport = {
    async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
      paths.push(path);
      if (++calls > 1000) {
        finish();
        return hang(signal!);
      }
      return inner.getJson<T>(path, signal);
    },
    async stream(path, options) {
      paths.push(path);
      if (++calls > 1000) {
        finish();
        return hang(options.signal);
      }
      return inner.stream(path, options);
    },
  };
  const reflector = new Reflector({
    transport: counted,
    resource: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
    store: new ObjectStore(),
    project: o => o,
    pageSize: 2,
    watchTimeoutSeconds: { min: 300, max: 600 },
    backoff: { initialMs: 800, maxMs: 30_000 },
    inactivityTimeoutMs: 120_000,
    minWatchDurationMs: 5000,
    logger: mockServices.logger.mock(),
    random: () => 0.5,
    now: () => clock,
    sleep: async (ms, signal) => {
      clock += ms;
      if (clock >= horizonMs) {
        finish();
        await new Promise(r => signal.addEventListener('abort', r));
      }
    },
  });
  reflector.start();
  await finished;
  await reflector.stop();
  const watches = paths.filter(p => p.includes('watch=true')).length;
  const fullLists = paths.filter(
    p => !p.includes('watch=true') && !p.includes('continue='),
  ).length;
  return { watches, fullLists, requests: paths.length, clock };
}

const onePage = (continueToken?: string) => ({
  metadata: { resourceVersion: '5', continue: continueToken },
  items: [pod('a', '1')],
});

describe('Reflector backoff that cannot storm', () => {
  // one minute of a cluster that ends every watch: the backoff of 800 ms
  // doubling (x1.5 jitter) to 30 s allows 1.2, 3.6, 8.4, 18, 37.2, 67.2 s
  it('backs off a server that ends every watch at once, cleanly', async () => {
    const { watches, fullLists } = await runOnVirtualClock(
      () => ({
        getJson: async <T>() => onePage() as T,
        stream: async () => {},
      }),
      60_000,
    );
    expect(fullLists).toBe(1);
    expect(watches).toBe(6);
  });

  it('relists at once on a 410 only once, then backs off', async () => {
    const { watches, fullLists } = await runOnVirtualClock(
      () => ({
        getJson: async <T>() => onePage() as T,
        stream: async (_path, { onLine }) =>
          onLine(
            JSON.stringify({
              type: 'ERROR',
              object: { kind: 'Status', code: 410, message: 'too old' },
            }),
          ),
      }),
      60_000,
    );
    // the first 410 relists at once, then 6 more cycles in the minute
    expect(fullLists).toBe(7);
    expect(watches).toBe(7);
  });

  it('lists again from the start after the backoff when the continue token expires', async () => {
    const { watches, fullLists, requests } = await runOnVirtualClock(
      () => ({
        getJson: async <T>(path: string) => {
          if (path.includes('continue=')) {
            throw new ClusterRequestError(
              'The provided continue parameter is too old',
              410,
            );
          }
          return onePage('page2') as T;
        },
        stream: async () => {},
      }),
      60_000,
    );
    expect(watches).toBe(0);
    expect(fullLists).toBe(6);
    expect(requests).toBe(12); // first page and expired second page each time
  });

  it('resets the backoff only after a watch that lasted the minimum duration', async () => {
    const server = new ScriptedServer();
    server.objects = [pod('a', '1')];
    const sleeps: number[] = [];
    const { reflector } = makeReflector(server, sleeps);
    const lasting = (ms: number) => async () => {
      server.clock += ms;
    };
    server.watchLastsMs = 0;
    server.watches.push(
      lasting(100),
      lasting(100),
      lasting(4999),
      lasting(5000), // lasted: the next failure starts over
      lasting(0),
    );
    reflector.start();
    await until(() => sleeps.length === 4);
    await reflector.stop();
    expect(sleeps).toEqual([1200, 2400, 4800, 1200]);
  });

  it('keeps a storm to a few requests in two seconds of real time', async () => {
    const cycles = async (mode: 'clean' | 'gone' | 'continue') => {
      let lists = 0;
      let watches = 0;
      // each call waits for the event loop, as a real request does
      const tick = () => new Promise(r => setImmediate(r));
      const reflector = new Reflector({
        transport: {
          async getJson<T>(path: string): Promise<T> {
            lists += 1;
            await tick();
            if (mode === 'continue' && path.includes('continue=')) {
              throw new ClusterRequestError('continue expired', 410);
            }
            return onePage(mode === 'continue' ? 'page2' : undefined) as T;
          },
          async stream(_path, { onLine }) {
            watches += 1;
            await tick();
            if (mode === 'gone') {
              onLine(JSON.stringify({ type: 'ERROR', object: { code: 410 } }));
            }
          },
        },
        resource: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
        store: new ObjectStore(),
        project: o => o,
        pageSize: 500,
        watchTimeoutSeconds: { min: 300, max: 600 },
        // the defaults
        backoff: { initialMs: 800, maxMs: 30_000 },
        inactivityTimeoutMs: 120_000,
        minWatchDurationMs: 5000,
        logger: mockServices.logger.mock(),
      });
      reflector.start();
      await new Promise(r => setTimeout(r, 2000));
      await reflector.stop();
      return { lists, watches };
    };
    const [clean, gone, continued] = await Promise.all([
      cycles('clean'),
      cycles('gone'),
      cycles('continue'),
    ]);
    // before the minimum watch duration and the 410 backoff: ~74,000
    // watches, ~19,000 LISTs and ~44,000 LIST pages in 2 s each
    expect(clean.watches).toBeLessThanOrEqual(3);
    expect(gone.lists).toBeLessThanOrEqual(4);
    expect(continued.lists).toBeLessThanOrEqual(6);
  });
});

describe('Reflector byte caps', () => {
  it('halves the page size of a LIST whose page is over the cap, and is not synced meanwhile', async () => {
    const server = new ScriptedServer();
    server.objects = [pod('a', '1'), pod('b', '2'), pod('c', '3')];
    const getPage = server.getJson.bind(server);
    const limits: number[] = [];
    server.getJson = async <T>(path: string): Promise<T> => {
      const limit = Number(new URL(path, 'http://x').searchParams.get('limit'));
      limits.push(limit);
      if (limit > 1) {
        server.requests.push(path);
        throw new ResponseTooLargeError(
          `The answer of cluster test to GET ${path} is larger than 64 KiB (workloadStatus.maxResponseBytes); the request was aborted`,
          'body',
          65536,
        );
      }
      return getPage<T>(path);
    };
    const sleeps: number[] = [];
    const logger = mockServices.logger.mock();
    const store = new ObjectStore();
    const health: boolean[] = [];
    const reflector = new Reflector({
      transport: server,
      resource: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
      store,
      project: o => o,
      pageSize: 4,
      watchTimeoutSeconds: { min: 300, max: 600 },
      backoff: { initialMs: 800, maxMs: 30_000 },
      inactivityTimeoutMs: 1000,
      minWatchDurationMs: 5000,
      maxResponseBytes: 65536,
      logger,
      random: () => 0.5,
      now: () => server.clock,
      onHealth: () => health.push(reflector.health.synced),
      sleep: async ms => {
        sleeps.push(ms);
      },
    });
    reflector.start();
    await until(() => reflector.health.synced);
    await reflector.stop();
    expect(limits).toEqual([4, 2, 1, 1, 1]);
    expect(sleeps).toEqual([1200, 2400]);
    expect(health.slice(0, 2)).toEqual([false, false]);
    expect(store.size).toBe(3);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /cluster test .* larger than 64 KiB \(workloadStatus\.maxResponseBytes\).*listing with 2 objects per page; retrying in 1200 ms/,
      ),
    );
  });

  it('relists after a watch event over the cap, not synced until the LIST completes', async () => {
    const server = new ScriptedServer();
    server.objects = [pod('a', '1')];
    const sleeps: number[] = [];
    let syncedAfterCut: boolean | undefined;
    const { reflector } = makeReflector(server, sleeps, async ms => {
      sleeps.push(ms);
      syncedAfterCut = reflector.health.synced;
    });
    server.watches.push(async () => {
      throw new ResponseTooLargeError(
        'A watch event from cluster test on /api/v1/pods is larger than 8 MiB (workloadStatus.maxWatchLineBytes); the watch was cut',
        'line',
        8 * 1024 * 1024,
      );
    });
    reflector.start();
    await until(() => reflector.health.lists === 2);
    await reflector.stop();
    expect(sleeps).toEqual([1200]);
    expect(syncedAfterCut).toBe(false);
    expect(reflector.health.synced).toBe(true);
    const kinds = server.requests.map(p =>
      p.includes('watch=true') ? 'watch' : 'list',
    );
    expect(kinds.slice(0, 4)).toEqual(['list', 'watch', 'list', 'watch']);
  });
});

/** The scripted server, answering LISTs as bytes (as ClusterConnection does). */
class BytesServer extends ScriptedServer {
  body?: string;

  async getBytes(path: string): Promise<Buffer> {
    if (this.body !== undefined) {
      this.requests.push(path);
      return Buffer.from(this.body);
    }
    return Buffer.from(JSON.stringify(await this.getJson(path)));
  }
}

describe('Reflector LIST pages from bytes', () => {
  it('parses items one by one and yields the event loop while it lists', async () => {
    const server = new BytesServer();
    server.objects = Array.from({ length: 40 }, (_, i) =>
      pod(`p${i}`, String(i)),
    );
    const store = new ObjectStore();
    const turns = countEventLoopTurns();
    const reflector = new Reflector({
      transport: server,
      resource: { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
      store,
      // a slow projection: 40 items of 1 ms are several 5 ms slices
      project: o => {
        const end = performance.now() + 1;
        while (performance.now() < end);
        return o;
      },
      pageSize: 100,
      watchTimeoutSeconds: { min: 300, max: 600 },
      backoff: { initialMs: 800, maxMs: 30_000 },
      inactivityTimeoutMs: 1000,
      minWatchDurationMs: 5000,
      logger: mockServices.logger.mock(),
      random: () => 0.5,
      now: () => server.clock,
      sleep: async () => {},
    });
    reflector.start();
    for (let i = 0; i < 1000 && !reflector.health.synced; i++) {
      await new Promise(r => setTimeout(r, 5));
    }
    turns.stop();
    await reflector.stop();
    expect(store.size).toBe(40);
    expect(reflector.health.synced).toBe(true);
    // one page of 40 ms of work, in slices: other callbacks ran between them
    expect(turns.turn).toBeGreaterThanOrEqual(5);
  });

  it('treats a page that is not a JSON list as a failed call', async () => {
    const server = new BytesServer();
    server.body = '{"items":[{"metadata":{"uid":"a"}},';
    const { reflector } = makeReflector(server, [], async (_ms, signal) => {
      await new Promise<void>(r => signal.addEventListener('abort', () => r()));
    });
    reflector.start();
    await until(() => reflector.health.lastError !== undefined);
    await reflector.stop();
    expect(reflector.health.lastError).toMatch(
      /^Invalid JSON from \/api\/v1\/pods: /,
    );
    expect(reflector.health.synced).toBe(false);
  });
});
