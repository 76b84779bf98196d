import { mockServices } from '@backstage/backend-test-utils';
import { ClusterRequestError } from '../cluster/ClusterConnection';
import { ObjectStore } from './ObjectStore';
import { Reflector, ReflectorTransport } from './Reflector';

type Obj = { metadata: { uid: string; name: string; resourceVersion: string } };
const pod = (uid: string, rv: string): Obj => ({
  metadata: { uid, name: uid, resourceVersion: rv },
});

/**
 * A scripted API server: LIST pages from `objects`, WATCH answered by the
 * next entry of `watches` (lines to send, then end or fail).
 */
class ScriptedServer implements ReflectorTransport {
  objects: Obj[] = [];
  rv = '10';
  requests: string[] = [];
  watches: Array<(onLine: (l: string) => void) => Promise<void>> = [];
  listFailures: Error[] = [];

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
    if (next) return next(options.onLine);
    // nothing scripted: hang until stopped
    return new Promise(resolve =>
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
    logger: mockServices.logger.mock(),
    random: () => 0.5,
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
