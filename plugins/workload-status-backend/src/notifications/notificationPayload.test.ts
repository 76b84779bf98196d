import { notificationPayload } from './notificationPayload';

const WINDOW = '2026-12-07T02:00:00.000Z';

describe('notificationPayload', () => {
  it('links the Status tab and scopes the entity and window', () => {
    expect(
      notificationPayload({
        entityRef: 'component:team-a/checkout',
        event: 'recovered',
        windowStart: WINDOW,
      }),
    ).toEqual({
      title: 'checkout recovered',
      description: 'Its workloads no longer report an error.',
      severity: 'normal',
      link: '/catalog/team-a/component/checkout/status',
      topic: 'component:team-a/checkout',
      scope: `workload-status:component:team-a/checkout:${WINDOW}`,
    });
  });

  it('redacts, flattens and bounds cluster text', () => {
    const payload = notificationPayload({
      entityRef: 'component:default/checkout',
      event: 'turned-error',
      windowStart: WINDOW,
      reason: {
        code: 'CrashLoopBackOff',
        message: `password=hunter2hunter2\n${'x'.repeat(5000)}`,
      },
    });
    expect(payload.title).toBe('checkout is in error');
    expect(payload.description).not.toContain('hunter2hunter2');
    expect(payload.description).not.toContain('\n');
    expect(Array.from(payload.description!).length).toBeLessThanOrEqual(320);
    expect(payload.description).toMatch(/…$/);
  });

  it('names the failed run', () => {
    const payload = notificationPayload({
      entityRef: 'component:default/nightly-report',
      event: 'run-failed',
      windowStart: WINDOW,
      run: {
        cronJob: 'nightly-report',
        job: `nightly-report-${'9'.repeat(300)}`,
        namespace: 'data',
        cluster: 'production',
      },
    });
    expect(payload.title).toBe(
      'nightly-report: a run of nightly-report failed',
    );
    expect(payload.severity).toBe('high');
    expect(payload.description).toMatch(
      /^Job nightly-report-9+… in data \(cluster production\) failed\.$/,
    );
  });
});
