import { mockServices } from '@backstage/backend-test-utils';
import type {
  EntityStatus,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import {
  cpuTimed,
  hasLoneSurrogate,
  hugeTexts,
  leaked,
  SECRETS,
  secretTexts,
  shortSecretLines,
} from '../__testUtils__/hostileTexts';
import { migratedDatabase } from './migratedDatabase';
import {
  MAX_CODE_CHARS,
  MAX_TIMELINE_MESSAGE_BYTES,
  observeStatus,
} from './statusSubjects';
import { TimelineRecorder } from './TimelineRecorder';
import { TimelineStore } from './TimelineStore';
import { pluginTestDatabases } from '../__testUtils__/pluginTestDatabases';

/**
 * Plays the attacker who makes a workload fail with a message of their
 * choice: each change of health keeps the most severe reason's message in
 * the timeline table, redacted and at most 512 bytes of valid UTF-8,
 * whatever the message (every planted secret, megabytes, pathological
 * runs, multi-byte characters at the cut), at a bounded cost.
 */
const databases = pluginTestDatabases();
const REF = 'component:default/checkout';
const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);
const TIME_BOUND_MS = 200;

function status(health: 'ok' | 'error', message?: string): EntityStatus {
  const reasons: Reason[] = message
    ? [
        {
          severity: 'error',
          code: 'CrashLoopBackOff',
          message,
          object: { kind: 'Pod', name: 'checkout-1' },
        },
      ]
    : [];
  return {
    entityRef: REF,
    lifecycle: health === 'error' ? 'NotReady' : 'Running',
    health,
    reasons,
    updatedAt: new Date(T0).toISOString(),
    clusters: [{ name: 'prod', reachable: true, stale: false }],
    workloads: [
      {
        cluster: 'prod',
        namespace: 'shop',
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
        lifecycle: health === 'error' ? 'NotReady' : 'Running',
        health,
        reasons,
        components: {},
        pods: [],
        jobHistory: [],
        builds: [],
      } as unknown as EntityStatus['workloads'][number],
    ],
  };
}

/** What is wrong with a kept message: empty when nothing. */
function problems(message: string | undefined): string[] {
  if (message === undefined) return [];
  const out = leaked(message).map(s => `leaks ${s}`);
  const bytes = Buffer.byteLength(message, 'utf8');
  if (bytes > MAX_TIMELINE_MESSAGE_BYTES) out.push(`${bytes} bytes`);
  if (hasLoneSurrogate(message)) out.push('broken UTF-16');
  if (message.includes('\uFFFD')) out.push('a replacement character');
  return out;
}

/** The messages a status's subjects keep, as the recorder would write them. */
function keptMessages(s: EntityStatus): Array<string | undefined> {
  return [...observeStatus(s).subjects.values()].map(x => x.message);
}

describe('timeline messages of hostile reasons', () => {
  it.each([...secretTexts(), ...hugeTexts()].map(h => [h.name, h.text]))(
    '%s: redacted, bounded, in bounded time',
    (_name, text) => {
      const { ms, value } = cpuTimed(() => keptMessages(status('error', text)));
      expect(value.flatMap(problems)).toEqual([]);
      expect(ms).toBeLessThan(TIME_BOUND_MS);
    },
  );

  it('cuts multi-byte characters whole at every byte offset', () => {
    const found: string[] = [];
    for (const char of [
      'ü',
      '€',
      '😀',
      'e\u0301',
      '\u{1F468}\u200D\u{1F469}',
    ]) {
      for (let pad = 490; pad <= 520; pad++) {
        const text = `${'.'.repeat(pad)}${char.repeat(40)}`;
        for (const m of keptMessages(status('error', text))) {
          for (const p of problems(m)) found.push(`${char} at ${pad}: ${p}`);
        }
      }
    }
    // a lone surrogate written by the attacker is not made whole, but no
    // cut adds one
    const lone = `${'.'.repeat(511)}\uD83D${'x'.repeat(100)}`;
    for (const m of keptMessages(status('error', lone))) {
      if (Buffer.byteLength(m ?? '') > MAX_TIMELINE_MESSAGE_BYTES)
        found.push('lone surrogate: over the bound');
    }
    expect(found).toEqual([]);
  });

  it('leaks no secret that straddles the cut, wherever it falls', () => {
    const found: string[] = [];
    for (const { name, text } of shortSecretLines()) {
      for (let pad = 380; pad <= 1100; pad += 3) {
        const message = `${'word '.repeat(pad / 5)}${'a'.repeat(
          pad % 5,
        )} ${text}`;
        for (const m of keptMessages(status('error', message))) {
          for (const p of problems(m)) found.push(`${name} at ${pad}: ${p}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});

/** A failing status whose reasons carry `code` (as a stranger's kind might). */
function statusWithCode(code: string, count = 1): EntityStatus {
  const s = status('error', 'Back-off restarting failed container');
  const reasons = Array.from({ length: count }, () => ({
    ...s.reasons[0],
    code,
  })) as unknown as Reason[];
  return {
    ...s,
    reasons,
    workloads: s.workloads.map(w => ({ ...w, reasons })),
  };
}

/** What is wrong with the kept codes of a status: empty when nothing. */
function codeProblems(s: EntityStatus): string[] {
  return [...observeStatus(s).subjects.values()].flatMap(x =>
    x.reasonCodes.flatMap(code => [
      ...leaked(code).map(secret => `leaks ${secret}`),
      ...(code.length > MAX_CODE_CHARS ? [`${code.length} characters`] : []),
      ...(hasLoneSurrogate(code) ? ['broken UTF-16'] : []),
    ]),
  );
}

describe('timeline reason codes of hostile reasons', () => {
  it.each([...secretTexts(), ...hugeTexts()].map(h => [h.name, h.text]))(
    '%s: redacted, bounded, in bounded time',
    (_name, text) => {
      const { ms, value } = cpuTimed(() => codeProblems(statusWithCode(text)));
      expect(value).toEqual([]);
      expect(ms).toBeLessThan(TIME_BOUND_MS);
    },
  );

  it('shows no start of a secret the cut falls inside', () => {
    const found: string[] = [];
    for (const { name, text } of shortSecretLines()) {
      for (const secret of SECRETS.filter(x => text.includes(x))) {
        const at = text.indexOf(secret);
        for (let k = 6; k < secret.length; k++) {
          // the cut falls after k characters of the secret
          const before = MAX_CODE_CHARS - at - k;
          if (before < 1) continue;
          const code = `${'x'.repeat(before - 1)} ${text}`;
          for (const x of observeStatus(statusWithCode(code)).subjects.values())
            for (const kept of x.reasonCodes)
              if (kept.trimEnd().endsWith(secret.slice(0, k)))
                found.push(`${name} cut after ${k}: shows its start`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('reads 10,000 reasons of one code in bounded time, keeping the code', () => {
    const { ms, value } = cpuTimed(() =>
      observeStatus(statusWithCode('CrashLoopBackOff', 10_000)),
    );
    for (const x of value.subjects.values())
      expect(x.reasonCodes).toEqual(['CrashLoopBackOff']);
    expect(ms).toBeLessThan(TIME_BOUND_MS);
  });
});

describe.each(databases.eachSupportedId())(
  'TimelineRecorder on %s with hostile reasons',
  id => {
    it('writes and reads back only redacted, bounded messages', async () => {
      const knex = await databases.init(id);
      const store = new TimelineStore(
        migratedDatabase(mockServices.database({ knex })),
      );
      let now = T0;
      let current: EntityStatus | undefined;
      const recorder = new TimelineRecorder({
        store,
        getStatus: () => current,
        logger: mockServices.logger.mock(),
        now: () => now,
      });
      const texts = [...secretTexts(), ...hugeTexts()];
      current = status('ok');
      recorder.statusChanged(REF);
      await recorder.settled();
      for (const { text } of texts) {
        // red with the hostile message, then green: two changes each
        now += 60_000;
        current = status('error', text);
        recorder.statusChanged(REF);
        now += 60_000;
        current = status('ok');
        recorder.statusChanged(REF);
        await recorder.settled();
      }
      const rows = await store.list({ entityRef: REF, limit: 10_000 });
      const messages = rows.map(r => r.message).filter(Boolean);
      // the entity and its Deployment, once per hostile text
      expect(messages).toHaveLength(2 * texts.length);
      expect(messages.flatMap(problems)).toEqual([]);
      const stored: Array<{ n: number }> = await knex(
        'workload_status_timeline',
      ).select(knex.raw('max(length(message)) as n'));
      expect(Number(stored[0].n)).toBeLessThanOrEqual(
        MAX_TIMELINE_MESSAGE_BYTES,
      );
    });
  },
);
