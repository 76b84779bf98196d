/** The CLI contract other parts of the project rely on (npm start, e2e). */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from './cli';

jest.setTimeout(30_000);

describe('cluster-simulator CLI', () => {
  it('parses the documented flags', () => {
    expect(
      parseArgs([
        '--scenario',
        'demo',
        '--port-base',
        '7000',
        '--token',
        't',
        '--tls',
        '--clock',
        '10x',
        '--admin-port=7001',
      ]),
    ).toEqual({
      scenario: 'demo',
      portBase: 7000,
      token: 't',
      tls: true,
      clock: '10x',
      adminPort: 7001,
    });
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown argument/);
    expect(() => parseArgs(['--port-base', 'x'])).toThrow(/invalid port/);
  });

  it('prints the ready line and the generated token, then exits cleanly on SIGTERM', async () => {
    const env = { ...process.env };
    delete env.WORKLOAD_STATUS_DEMO_TOKEN;
    const child = spawn(
      process.execPath,
      [
        path.join(__dirname, '..', 'bin', 'cluster-simulator'),
        '--port-base',
        '0',
        '--admin-port',
        '0',
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', d => {
        out += d;
        if (out.includes('ready:')) resolve();
      });
      child.on('exit', code => reject(new Error(`exited ${code}: ${out}`)));
    });
    const token = /^cluster-simulator token: (\S+)$/m.exec(out)?.[1];
    expect(token).toBeDefined();
    expect(out).toMatch(
      /^cluster-simulator ready: production=http:\/\/127\.0\.0\.1:\d+ staging=http:\/\/127\.0\.0\.1:\d+ edge=http:\/\/127\.0\.0\.1:\d+ \(down\) admin=http:\/\/127\.0\.0\.1:\d+$/m,
    );
    const production = /production=(\S+)/.exec(out)![1];
    const res = await fetch(`${production}/api/v1/namespaces/shop/pods`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>(resolve =>
      child.on('exit', code => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
