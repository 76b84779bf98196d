/**
 * The command line:
 *
 *   cluster-simulator [--scenario demo|<file>] [--port-base 6551] [--token TOKEN]
 *                     [--tls] [--clock real|manual|<factor>x] [--admin-port 6550]
 *
 * Prints one `cluster-simulator ready: ...` line when every cluster listens,
 * and runs until SIGINT/SIGTERM.
 */
import { parseClockMode } from './clock';
import { startSimulator } from './simulator';

interface CliOptions {
  scenario: string;
  portBase: number;
  token?: string;
  tls: boolean;
  clock: string;
  adminPort: number;
}

const USAGE = `usage: cluster-simulator [--scenario demo|<file>] [--port-base 6551] [--token TOKEN] [--tls] [--clock real|manual|<factor>x] [--admin-port 6550]`;

export function parseArgs(argv: string[]): CliOptions {
  const out: CliOptions = {
    scenario: 'demo',
    portBase: 6551,
    tls: false,
    clock: 'real',
    adminPort: 6550,
    token: process.env.WORKLOAD_STATUS_DEMO_TOKEN || undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const port = (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535)
        throw new Error(`${flag}: invalid port "${v}"`);
      return n;
    };
    switch (flag) {
      case '--scenario':
        out.scenario = value();
        break;
      case '--port-base':
        out.portBase = port(value());
        break;
      case '--token':
        out.token = value();
        break;
      case '--tls':
        out.tls = true;
        break;
      case '--clock':
        out.clock = value();
        break;
      case '--admin-port':
        out.adminPort = port(value());
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  return out;
}

export async function main(argv = process.argv.slice(2)) {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`cluster-simulator: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const generated = !options.token;
  // Handlers first: a signal during startup still ends the process cleanly.
  let stopping = false;
  const starting = startSimulator({
    scenario: options.scenario,
    token: options.token,
    tls: options.tls,
    clock: parseClockMode(options.clock),
    portBase: options.portBase,
    adminPort: options.adminPort,
  });
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await (await starting.catch(() => undefined))?.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const sim = await starting;
  if (stopping) return;
  if (generated)
    process.stdout.write(`cluster-simulator token: ${sim.token}\n`);
  const parts = sim.clusters.map(
    c => `${c.name}=${c.url}${c.down ? ' (down)' : ''}`,
  );
  process.stdout.write(
    `cluster-simulator ready: ${parts.join(' ')}${
      sim.adminUrl ? ` admin=${sim.adminUrl}` : ''
    }\n`,
  );
}

if (require.main === module) {
  main().catch(e => {
    process.stderr.write(`cluster-simulator: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
