import { startSimulator, Simulator } from '../simulator';

describe('watch from a resourceVersion the cluster never reached', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: 'demo',
      clock: 'manual',
      token: 'watch-token',
    });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('answers 504 "Too large resource version", as the apiserver does', async () => {
    const c = sim.cluster('production');
    const current = Number(c.state().resourceVersion);
    const res = await fetch(
      `${c.url}/api/v1/pods?watch=true&resourceVersion=${current + 1000}`,
      { headers: { Authorization: `Bearer ${c.token}` } },
    );
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      code: 504,
      reason: 'Timeout',
      message: `Too large resource version: ${
        current + 1000
      }, current: ${current}`,
      details: { causes: [{ reason: 'ResourceVersionTooLarge' }] },
    });
  });

  it('still serves a watch from the current resourceVersion', async () => {
    const c = sim.cluster('production');
    const current = c.state().resourceVersion;
    const res = await fetch(
      `${c.url}/api/v1/pods?watch=true&resourceVersion=${current}&timeoutSeconds=1`,
      { headers: { Authorization: `Bearer ${c.token}` } },
    );
    expect(res.status).toBe(200);
    await res.text();
  });
});
