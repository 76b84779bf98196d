import {
  cpuTimed,
  hasLoneSurrogate,
  hugeTexts,
  leaked,
  secretTexts,
  shortSecretLines,
} from '../__testUtils__/hostileTexts';
import { NotificationEvent } from './NotificationClaimStore';
import {
  notificationPayload,
  NotificationSubject,
} from './notificationPayload';

/**
 * Plays the attacker who makes a pod fail with a message of their choice
 * (a termination message, an Event, a custom resource's status): what the
 * owners are told is stored by the notifications backend and may be
 * forwarded by e-mail or chat, so it must hold no secret, stay within 300
 * characters, and cost little to build whatever the message.
 */
const MAX_CHARS = 300;
const TIME_BOUND_MS = 200;
const EVENTS: NotificationEvent[] = [
  'turned-error',
  'schedule-missed',
  'run-failed',
];

function subject(
  event: NotificationEvent,
  message: string,
  code = 'CrashLoopBackOff',
): NotificationSubject {
  return {
    entityRef: 'component:default/checkout',
    event,
    windowStart: '2026-12-07T02:00:00.000Z',
    reason: { code, message },
    ...(event === 'run-failed'
      ? {
          run: {
            cronJob: 'nightly-report',
            job: 'nightly-report-29012345',
            namespace: 'data',
            cluster: 'production',
          },
        }
      : {}),
  };
}

function problems(payload: { title: string; description?: string }) {
  const out: string[] = [];
  for (const [field, text] of [
    ['title', payload.title],
    ['description', payload.description ?? ''],
  ]) {
    const chars = Array.from(text).length;
    if (chars > MAX_CHARS) out.push(`${field}: ${chars} characters`);
    for (const secret of leaked(text)) out.push(`${field}: leaks ${secret}`);
    if (hasLoneSurrogate(text)) out.push(`${field}: broken UTF-16`);
  }
  return out;
}

describe('notificationPayload against a hostile cluster', () => {
  it.each(secretTexts().map(s => [s.name, s.text]))(
    'a reason message with a %s leaks nothing',
    (_name, text) => {
      for (const event of EVENTS) {
        expect(problems(notificationPayload(subject(event, text)))).toEqual([]);
        // the code too: an extension kind's rule may take it from a status
        expect(
          problems(notificationPayload(subject(event, 'x', text))),
        ).toEqual([]);
      }
    },
  );

  it.each(hugeTexts().map(h => [h.name, h.text]))(
    '%s: bounded, redacted, within the time bound',
    (_name, text) => {
      for (const event of EVENTS) {
        const { ms, value } = cpuTimed(() =>
          notificationPayload(subject(event, text, text)),
        );
        expect(problems(value)).toEqual([]);
        expect(ms).toBeLessThan(TIME_BOUND_MS);
      }
    },
  );

  it('leaks no secret that straddles the cut, wherever it falls', () => {
    const found: string[] = [];
    for (const { name, text } of shortSecretLines()) {
      for (let pad = 200; pad <= 320; pad++) {
        const message = `${'word '.repeat(pad / 5)}${'a'.repeat(
          pad % 5,
        )} ${text}`;
        const payload = notificationPayload(subject('turned-error', message));
        for (const p of problems(payload))
          found.push(`${name} at ${pad}: ${p}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('bounds a failed run named by a hostile apiserver', () => {
    const secret = 'ghp_Hostile0GitHub0Token000000000013abcd';
    const huge = `${'n'.repeat(1024 * 1024)}`;
    const { ms, value } = cpuTimed(() =>
      notificationPayload({
        entityRef: `component:default/${'e'.repeat(63)}`,
        event: 'run-failed',
        windowStart: '2026-12-07T02:00:00.000Z',
        reason: { code: huge, message: huge },
        run: {
          cronJob: `${huge} ${secret}`,
          job: `${secret} ${huge}`,
          namespace: huge,
          cluster: secret,
        },
      }),
    );
    expect(problems(value)).toEqual([]);
    expect(ms).toBeLessThan(TIME_BOUND_MS);
  });
});
