import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { mockServices } from '@backstage/backend-test-utils';
import { ActionRecorder, storedErrorText } from './ActionRecorder';
import type { ActionRecord, ActionRecordStore } from './ActionRecordStore';

/** An in-memory store: the recorder's own logic, not the database's. */
function memoryStore(failing = false) {
  const rows: ActionRecord[] = [];
  const store = {
    async insert(r: ActionRecord) {
      if (failing) throw new Error('database is down');
      rows.push(r);
    },
    async listForEntity(entityRef: string) {
      return rows.filter(r => r.entityRef === entityRef);
    },
    async prune() {
      return 0;
    },
  } as unknown as ActionRecordStore;
  return { rows, store };
}

const settings = {
  maxPerEntity: 10,
  maxAgeMs: 3600_000,
  pruneIntervalMs: 60_000,
};
const ended = {
  entityRef: 'component:default/storefront',
  actor: 'user:default/alice',
  cluster: 'production',
  namespace: 'shop',
  kind: 'Deployment',
  name: 'storefront',
  action: 'scale',
};

describe('ActionRecorder', () => {
  const now = () => Date.UTC(2026, 11, 7, 10, 0);

  it('records a success and a failure with its reason, as operator log lines', async () => {
    const { rows, store } = memoryStore();
    const recorder = new ActionRecorder({
      store,
      settings,
      logger: mockServices.logger.mock(),
      now,
    });
    await recorder.record(ended);
    await recorder.record({
      ...ended,
      error: new ConflictError('scaled by HorizontalPodAutoscaler shop/sf'),
    });
    expect(rows.map(r => [r.outcome, r.error])).toEqual([
      ['succeeded', undefined],
      ['failed', 'scaled by HorizontalPodAutoscaler shop/sf'],
    ]);
    const lines = await recorder.lines('component:default/storefront');
    expect(lines[1]).toEqual({
      cluster: 'production',
      operator: 'workload-status',
      pod: '',
      time: '2026-12-07T10:00:00.000Z',
      level: 'error',
      message: 'user:default/alice could not scale Deployment shop/storefront',
      error: 'scaled by HorizontalPodAutoscaler shop/sf',
      object: {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'storefront',
        cluster: 'production',
      },
      raw: '2026-12-07T10:00:00.000Z user:default/alice could not scale Deployment shop/storefront: scaled by HorizontalPodAutoscaler shop/sf',
      action: {
        action: 'scale',
        actor: 'user:default/alice',
        outcome: 'failed',
      },
    });
    expect(lines[0]).toMatchObject({
      level: 'info',
      message: 'user:default/alice scaled Deployment shop/storefront',
    });
  });

  it('never fails the action when the database cannot be written', async () => {
    const logger = mockServices.logger.mock();
    const recorder = new ActionRecorder({
      store: memoryStore(true).store,
      settings,
      logger,
      now,
    });
    await expect(recorder.record(ended)).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('was not stored: Error: database is down'),
    );
  });
});

describe('storedErrorText', () => {
  it('keeps the user-facing message, cut and redacted', () => {
    const text = storedErrorText(
      new ServiceUnavailableError(
        `Cluster production failed: token=ghp_${'a'.repeat(36)} ${'x'.repeat(
          2000,
        )}`,
      ),
    );
    expect(text).not.toContain('ghp_');
    expect(text.length).toBeLessThanOrEqual(1001);
    expect(text.endsWith('…')).toBe(true);
  });

  it("drops a cause's text", () => {
    expect(
      storedErrorText(
        new ServiceUnavailableError('Cluster down; caused by Error: secret'),
      ),
    ).toBe('Cluster down');
  });

  it('keeps nothing of an error not written for users', () => {
    expect(storedErrorText(new Error('SQLITE_BUSY at /var/lib/x'))).toBe(
      'the action failed (the backend log has the details)',
    );
    expect(storedErrorText('a string')).toBe(
      'the action failed (the backend log has the details)',
    );
  });
});
