/*
 * `workload-status evaluate [FILE ...] [--output json|table] [--now RFC3339]`
 * (docs: interfaces.md "Command line"). Judges objects offline with the same
 * engine as the backend. Bad input exits non-zero with one line on stderr
 * naming the file and the problem, and nothing on stdout.
 */
import { promises as fs } from 'fs';
import {
  evaluateObject,
  evaluateWorkloads,
  KubeObject,
} from '@workload-status/backstage-plugin-workload-status-common';
import { formatTable } from './formatTable';
import { InputError, parseObjects } from './loadObjects';

export const USAGE = `Usage: workload-status evaluate [FILE ...] [--output json|table] [--now RFC3339]

Judges Kubernetes objects (YAML or JSON; multi-document YAML; kubectl Lists)
with the Workload Status engine. Reads standard input when no FILE or "-" is given.

  --output, -o   json | table (default: table)
  --now          the time to judge at, RFC 3339 (default: the current time)
`;

/** Where the command reads and writes; replaceable in tests. */
export interface CliIo {
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  now(): Date;
}

const processIo: CliIo = {
  readFile: path => fs.readFile(path, 'utf8'),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  },
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  now: () => new Date(),
};

interface Options {
  files: string[];
  output: 'json' | 'table';
  now?: Date;
}

class UsageError extends Error {}

/** File system errors in plain words. */
const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
};

function parseArgs(args: string[]): Options {
  const opts: Options = { files: [], output: 'table' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? arg.split(/=(.*)/s, 2)
        : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--output' || flag === '-o') {
      const v = value();
      if (v !== 'json' && v !== 'table')
        throw new UsageError(`--output must be json or table, not "${v}"`);
      opts.output = v;
    } else if (flag === '--now') {
      const v = value();
      const t = Date.parse(v);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || !Number.isFinite(t)) {
        throw new UsageError(
          `--now must be an RFC 3339 time such as 2026-01-31T12:00:00Z, not "${v}"`,
        );
      }
      opts.now = new Date(t);
    } else if (arg === '-' || !arg.startsWith('-')) {
      opts.files.push(arg);
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return opts;
}

/** Runs the command; resolves to the exit code. */
export async function runCli(
  argv: string[],
  io: CliIo = processIo,
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (command !== 'evaluate') {
    io.stderr(
      `workload-status: ${
        command ? `unknown command "${command}"` : 'no command given'
      }\n${USAGE}`,
    );
    return 2;
  }
  let opts: Options;
  try {
    opts = parseArgs(rest);
  } catch (e) {
    io.stderr(`workload-status: ${(e as Error).message}\n`);
    return 2;
  }
  const sources = opts.files.length ? opts.files : ['-'];
  const objects: KubeObject[] = [];
  try {
    for (const source of sources) {
      let text: string;
      try {
        text =
          source === '-' ? await io.readStdin() : await io.readFile(source);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        throw new InputError(
          source === '-' ? 'standard input' : source,
          READ_ERRORS[code] ?? `cannot be read (${(e as Error).message})`,
        );
      }
      objects.push(
        ...parseObjects(text, source === '-' ? 'standard input' : source),
      );
    }
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`workload-status: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const ctx = { now: opts.now ?? io.now() };
  const results = objects.map(o => evaluateObject(o, objects, ctx));
  const workloads = evaluateWorkloads(objects, ctx);
  io.stdout(
    opts.output === 'json'
      ? `${JSON.stringify({ objects: results, workloads }, null, 2)}\n`
      : formatTable(results, workloads),
  );
  return 0;
}
