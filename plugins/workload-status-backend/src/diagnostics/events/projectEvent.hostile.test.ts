import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import {
  hasLoneSurrogate,
  SECRETS,
  shortSecretLines,
} from '../../__testUtils__/hostileTexts';
import { MAX_EVENT_FIELD_CHARS } from './eventText';
import { projectEvent, ProjectedEvent } from './projectEvent';

/**
 * Plays the attacker who writes an Event's reason and source (anyone who
 * runs a pod can create Events about it): these short texts are kept at
 * MAX_EVENT_FIELD_CHARS, and a secret that the cut falls inside must not
 * show its first part. Each planted secret is placed so that the cut falls
 * after each of its characters in turn.
 */
function event(reason: string, source: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { uid: 'e1', namespace: 'shop' },
    type: 'Warning',
    reason,
    message: 'Back-off restarting failed container',
    involvedObject: { kind: 'Pod', namespace: 'shop', name: 'checkout-1' },
    source: { component: source },
  } as KubeObject;
}

/** `n` characters of words ending in a space: what comes before the secret. */
function filler(n: number): string {
  return `${'word '.repeat(Math.ceil(n / 5)).slice(0, n - 1)} `;
}

/** The shortest start of a secret that is shown as a problem. */
const SHOWN_PREFIX = 6;

describe('projecting events whose short texts hold a secret at the cut', () => {
  it('shows no start of a secret the cut falls inside', () => {
    const found: string[] = [];
    for (const { name, text } of shortSecretLines()) {
      for (const secret of SECRETS.filter(s => text.includes(s))) {
        const at = text.indexOf(secret);
        for (let k = SHOWN_PREFIX; k < secret.length; k++) {
          // the cut falls after k characters of the secret
          const before = MAX_EVENT_FIELD_CHARS - at - k;
          if (before < 1) continue;
          const hostile = filler(before) + text;
          const e = projectEvent(event(hostile, hostile)) as ProjectedEvent;
          for (const [field, kept] of [
            ['reason', e.reason],
            ['source', e.source ?? ''],
          ] as const) {
            // a cut inside the secret would end the kept text with its start
            if (kept.trimEnd().endsWith(secret.slice(0, k)))
              found.push(`${name}, ${field} cut after ${k}: shows its start`);
            if (kept.length > MAX_EVENT_FIELD_CHARS)
              found.push(`${name}, ${field}: ${kept.length} characters`);
            if (hasLoneSurrogate(kept))
              found.push(`${name}, ${field}: broken UTF-16`);
          }
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('keeps an ordinary reason and source as they are', () => {
    const e = projectEvent(event('BackOff', 'kubelet')) as ProjectedEvent;
    expect(e.reason).toBe('BackOff');
    expect(e.source).toBe('kubelet');
  });
});
