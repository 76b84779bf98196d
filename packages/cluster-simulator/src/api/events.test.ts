import * as k8s from '@kubernetes/client-node';
import { startSimulator, Simulator } from '../simulator';

jest.setTimeout(30_000);

const TOKEN = 'events-token';

describe('creating and deleting Events through the API', () => {
  let sim: Simulator;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  let eventsV1: k8s.EventsV1Api;

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: {
        name: 'events',
        seed: 1,
        clusters: [
          {
            name: 'c',
            nodes: 1,
            objects: [
              {
                apiVersion: 'v1',
                kind: 'Pod',
                metadata: { name: 'app', namespace: 'shop' },
                spec: { containers: [{ name: 'app', image: 'app:1' }] },
              },
            ],
          },
        ],
      },
      clock: 'manual',
      token: TOKEN,
    });
    kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: 'c', server: sim.cluster('c').url, skipTLSVerify: true },
      ],
      users: [{ name: 'c', token: TOKEN }],
      contexts: [{ name: 'c', cluster: 'c', user: 'c' }],
      currentContext: 'c',
    });
    core = kc.makeApiClient(k8s.CoreV1Api);
    eventsV1 = kc.makeApiClient(k8s.EventsV1Api);
  });

  afterAll(() => sim?.stop());

  const about = () => {
    const pod = sim.cluster('c').get('Pod', 'shop', 'app')!;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'shop',
      name: 'app',
      uid: pod.metadata.uid,
    };
  };

  it('creates a core/v1 event (1 MiB message) that lists and watches like a recorded one', async () => {
    const seen: Array<[string, string]> = [];
    const watch = await new k8s.Watch(kc).watch(
      '/api/v1/namespaces/shop/events',
      { fieldSelector: 'involvedObject.name=app' },
      (type, obj) => seen.push([type, obj.metadata.name]),
      () => undefined,
    );
    try {
      const message = `boom ${'m'.repeat(1024 * 1024)}`;
      const created = await core.createNamespacedEvent({
        namespace: 'shop',
        body: {
          metadata: { generateName: 'app.' },
          involvedObject: about(),
          reason: 'Hostile',
          message,
          type: 'Warning',
        },
      });
      const name = created.metadata!.name!;
      expect(name).toMatch(/^app\.[a-z0-9]{5}$/);
      expect(created).toMatchObject({
        kind: 'Event',
        apiVersion: 'v1',
        involvedObject: { kind: 'Pod', name: 'app' },
        source: {},
        reportingComponent: '',
        reportingInstance: '',
      });
      expect(created.message).toHaveLength(message.length);
      expect(created.metadata!.resourceVersion).toBeDefined();

      const listed = await core.listNamespacedEvent({
        namespace: 'shop',
        fieldSelector: 'reason=Hostile',
      });
      expect(listed.items.map(e => e.metadata!.name)).toEqual([name]);
      const converted = await eventsV1.readNamespacedEvent({
        namespace: 'shop',
        name,
      });
      expect(converted).toMatchObject({
        regarding: { name: 'app' },
        reason: 'Hostile',
      });
      expect(converted.note).toHaveLength(message.length);

      await core.deleteNamespacedEvent({ namespace: 'shop', name });
      await expect(
        core.readNamespacedEvent({ namespace: 'shop', name }),
      ).rejects.toMatchObject({ code: 404 });
      await new Promise(r => setTimeout(r, 200));
      expect(seen).toEqual(
        expect.arrayContaining([
          ['ADDED', name],
          ['DELETED', name],
        ]),
      );
    } finally {
      watch.abort();
    }
  });

  it('creates and deletes through events.k8s.io/v1, one storage with core/v1', async () => {
    const created = await eventsV1.createNamespacedEvent({
      namespace: 'shop',
      body: {
        metadata: { name: 'app.v1' },
        eventTime: new Date('2026-01-15T10:00:00.000000Z') as any,
        reportingController: 'example.com/hostile',
        reportingInstance: 'hostile-1',
        action: 'Testing',
        reason: 'Hostile',
        regarding: about(),
        note: 'a short note',
        type: 'Normal',
      },
    });
    expect(created).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      regarding: { name: 'app' },
      reportingController: 'example.com/hostile',
    });
    const core1 = await core.readNamespacedEvent({
      namespace: 'shop',
      name: 'app.v1',
    });
    expect(core1).toMatchObject({
      message: 'a short note',
      involvedObject: { name: 'app' },
      reportingComponent: 'example.com/hostile',
      action: 'Testing',
    });
    await eventsV1.deleteNamespacedEvent({ namespace: 'shop', name: 'app.v1' });
    expect(sim.cluster('c').get('Event', 'shop', 'app.v1')).toBeUndefined();
  });

  it('validates like the apiserver', async () => {
    const post = async (path: string, body: object) => {
      const res = await fetch(`${sim.cluster('c').url}${path}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const core1 = '/api/v1/namespaces/shop/events';
    const noName = await post(core1, { metadata: {}, involvedObject: about() });
    expect(noName.status).toBe(422);
    expect(noName.body).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      message:
        'Event "" is invalid: metadata.name: Required value: name or generateName is required',
      details: {
        kind: 'Event',
        causes: [{ reason: 'FieldValueRequired', field: 'metadata.name' }],
      },
    });
    // a namespaced event must name an object of its namespace
    const noObject = await post(core1, { metadata: { name: 'x' } });
    expect(noObject.status).toBe(422);
    expect(noObject.body.message).toBe(
      'Event "x" is invalid: involvedObject.namespace: Invalid value: "": does not match event.namespace',
    );
    const elsewhere = await post(core1, {
      metadata: { name: 'x' },
      involvedObject: { ...about(), namespace: 'other' },
    });
    expect(elsewhere.status).toBe(422);
    // a new-style event through core/v1: reporting fields and a short message
    const newStyle = await post(core1, {
      metadata: { name: 'x' },
      involvedObject: about(),
      eventTime: '2026-01-15T10:00:00.000000Z',
      message: 'm'.repeat(1025),
    });
    expect(newStyle.body.message).toBe(
      'Event "x" is invalid: [reportingComponent: Required value, reportingInstance: Required value, message: Invalid value: "": can have at most 1024 characters]',
    );
    // events.k8s.io/v1 is strict
    const strict = await post('/apis/events.k8s.io/v1/namespaces/shop/events', {
      metadata: { name: 'x' },
      regarding: about(),
      note: 'n',
      deprecatedCount: 3,
    });
    expect(strict.status).toBe(422);
    expect(strict.body.message).toMatch(
      /^Event\.events\.k8s\.io "x" is invalid: \[.*eventTime: Required value.*type: Invalid value: "": has invalid value: .*deprecatedCount: Invalid value: "": needs to be unset.*action: Required value, reason: Required value\]$/,
    );
    expect(strict.body.details.group).toBe('events.k8s.io');
    // a namespace that does not exist
    const missing = await post('/api/v1/namespaces/nowhere/events', {
      metadata: { name: 'x' },
      involvedObject: { ...about(), namespace: 'nowhere' },
    });
    expect([missing.status, missing.body.message]).toEqual([
      404,
      'namespaces "nowhere" not found',
    ]);
    expect(sim.cluster('c').get('Event', 'shop', 'x')).toBeUndefined();
  });

  it('accepts a body up to the apiserver request limit (3 MiB), not beyond', async () => {
    const send = (messageBytes: number) =>
      fetch(`${sim.cluster('c').url}/api/v1/namespaces/shop/events`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          metadata: { generateName: 'big.' },
          involvedObject: about(),
          message: 'b'.repeat(messageBytes),
        }),
      }).then(async r => ({ status: r.status, body: await r.json() }));
    expect((await send(3 * 1024 * 1024 - 4096)).status).toBe(201);
    const tooLarge = await send(3 * 1024 * 1024);
    expect([tooLarge.status, tooLarge.body.reason]).toEqual([
      413,
      'RequestEntityTooLarge',
    ]);
  });
});
