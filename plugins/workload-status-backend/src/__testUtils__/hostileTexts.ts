/**
 * Texts a stranger writes (a pod's message, an Event, an apiserver's error
 * body, a custom resource's status) for the *.hostile.test.ts suites: the
 * planted secrets of the simulator's hostile corpus (the same 22 values the
 * hostile-content suite checks), huge and pathological texts, and a CPU
 * clock. Each suite feeds them to one flow and asserts that no secret
 * comes out, that the output is bounded, and that the work is bounded.
 */
import {
  hostileEventMessage,
  pathologicalLines,
  PLANTED_SECRETS,
} from '@internal/cluster-simulator';
import { IMAGE_SECRET } from './hostileWorkloads';

export { leaked, SECRETS } from './hostileWorkloads';

export const MiB = 1024 * 1024;

/** A named text an attacker wrote. */
export interface HostileText {
  name: string;
  text: string;
}

/**
 * Each planted secret in the text an app leaks it in: one line, or its
 * lines joined (a PEM key, a YAML block: a terminated message is the log
 * tail), and the image reference with a password.
 */
export function secretTexts(): HostileText[] {
  return [
    ...PLANTED_SECRETS.map(p => ({ name: p.shape, text: p.lines.join('\n') })),
    {
      name: 'image reference with a password',
      text: `Failed to pull image "https://deploy:${IMAGE_SECRET}@registry.example.com/shop/app:1"`,
    },
  ];
}

/** The one-line planted secrets short enough to be moved around a cut. */
export function shortSecretLines(): HostileText[] {
  return PLANTED_SECRETS.filter(
    p => p.lines.length === 1 && p.lines[0].length < 200,
  ).map(p => ({ name: p.shape, text: p.lines[0] }));
}

/**
 * Texts of about `bytes` (1 MiB by default) built to be slow or to slip
 * past a cut: the corpus's pathological lines framed by secrets, 100,000
 * colons, quotes nested in escaped JSON, an event message with a secret at
 * each end, every secret after a run of whitespace (a text flattened to
 * one line shrinks), and multi-byte characters (a byte bound can split
 * them).
 */
export function hugeTexts(bytes = MiB): HostileText[] {
  const head = 'Authorization: Bearer hostileBearerTok3n0001xyz ';
  const tail = ' env: DB_PASS=EnvPassw0rd-0008 DB_HOST=db';
  const all = secretTexts()
    .map(s => s.text)
    .join('\n');
  return [
    ...pathologicalLines(bytes).map((line, i) => ({
      name: `pathological line ${i} (${line.slice(0, 12)}...)`,
      text: `${head}${line}${tail}`,
    })),
    { name: "100k ':'", text: ':'.repeat(100_000) },
    { name: "'://' + 1 MiB of ':'", text: `://${':'.repeat(bytes)}` },
    { name: 'nested escaped quotes', text: nestedQuotes(bytes) },
    { name: "1 MiB of '\"'", text: '"'.repeat(bytes) },
    { name: 'hostile event message', text: hostileEventMessage(3, bytes) },
    {
      name: 'every secret after 1 MiB of whitespace',
      text: `${' \n\t'.repeat(bytes / 3)}${all}`,
    },
    {
      name: 'every secret, then 1 MiB of lines',
      text: `${all}\n${'line\n'.repeat(bytes / 5)}`,
    },
    {
      name: 'multi-byte characters around secrets',
      text: `${'€😀ü'.repeat(bytes / 9)} ${all} ${'😀'.repeat(bytes / 4)}`,
    },
  ];
}

/** `{"msg":"{\"msg\":\"{\\\"msg\\\"...` nested until about `bytes`. */
function nestedQuotes(bytes: number): string {
  let text = 'password=NestedPassw0rd';
  while (text.length < bytes)
    text = JSON.stringify({ msg: text, password: 'x' });
  return text.slice(0, bytes);
}

/**
 * `fn`'s result and the main thread's CPU time it took (other work on the
 * machine, and V8's helper threads, do not count). `fn` must be pure: a
 * run over 50 ms is repeated, up to three runs, and the least is taken,
 * since a first compile or a collection of the whole heap is not the
 * code's cost, while backtracking or quadratic work is slow every time.
 */
export function cpuTimed<T>(fn: () => T): { ms: number; value: T } {
  let best: { ms: number; value: T } | undefined;
  for (let run = 0; run < 3 && (!best || best.ms > 50); run++) {
    const start = process.threadCpuUsage();
    const value = fn();
    const used = process.threadCpuUsage(start);
    const ms = (used.user + used.system) / 1000;
    if (!best || ms < best.ms) best = { ms, value };
  }
  return best!;
}

/** The same for an async `fn`: CPU time of the main thread while it ran. */
export async function cpuTimedAsync<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; value: T }> {
  const start = process.threadCpuUsage();
  const value = await fn();
  const used = process.threadCpuUsage(start);
  return { ms: (used.user + used.system) / 1000, value };
}

/** Whether a string holds half a surrogate pair (broken UTF-16). */
export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true;
    }
  }
  return false;
}
