import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { redactedPrefix } from './redactedPrefix';
import { redactText } from './redactText';

/** how deep a projection is walked (a projection is shallow; custom kinds may not be) */
const MAX_DEPTH = 24;

const NO_ORIGINAL: Record<string, unknown> = Object.freeze({});

/**
 * Characters kept of a text field. Rules read messages up to 1024
 * characters and words up to 64; projections keep other texts (a
 * condition's reason, a custom kind's status) whole, and whoever writes a
 * status may write megabytes there: past this they are cut (and only a
 * bounded window of them redacted).
 */
export const MAX_TEXT_CHARS = 4096;

/**
 * Fields holding free text a controller or a container wrote, and image
 * references: whoever writes a pod spec may put `https://user:password@…`
 * there (the kubelet refuses it, InvalidImageName, and the status shows
 * it). And the status words rules put in messages: a phase, a printable
 * status, a condition's status (`is <phase>`, `Ready is <status>`) are
 * whatever a custom resource's writer put there, a token too.
 */
function isTextKey(key: string): boolean {
  const k = key.toLowerCase();
  return (
    k === 'reason' ||
    k.endsWith('message') ||
    k === 'image' ||
    k === 'phase' ||
    k === 'printablestatus' ||
    k === 'status'
  );
}

/**
 * Redacts, in place, every free text a stored projection keeps: each
 * `message`, `reason` and `image` at any depth of its spec and status (pod, container waiting and
 * terminated messages - the log tail under FallbackToLogsOnError -,
 * conditions of every kind, a custom kind's status texts) and every kept
 * annotation (the HPA's conditions annotation is JSON with messages).
 *
 * The projection cuts messages to a bounded length; a secret straddling
 * the cut would be seen only in part. So when the projected text is a cut
 * of the object's text at the same path, the object's text is redacted
 * (a window of twice the projected length: the work is bounded) and then
 * cut to the projected length. A text longer than MAX_TEXT_CHARS is cut
 * there the same way.
 *
 * Returns the projection, for chaining.
 */
export function redactProjectedTexts(
  projected: KubeObject,
  original: KubeObject,
): KubeObject {
  const annotations = projected.metadata?.annotations;
  if (annotations) {
    for (const [key, value] of Object.entries(annotations)) {
      if (typeof value === 'string') annotations[key] = redactText(value);
    }
  }
  if (projected.spec !== undefined) {
    redactNode(projected.spec, original.spec, 0);
  }
  if (projected.status !== undefined) {
    redactNode(projected.status, original.status, 0);
  }
  return projected;
}

function redactNode(node: unknown, original: unknown, depth: number) {
  if (depth > MAX_DEPTH || !node || typeof node !== 'object') return;
  // index and for-in loops, not forEach or Object.entries: this runs for
  // every object of a LIST, and each entries array would be garbage at once
  if (Array.isArray(node)) {
    const originals = Array.isArray(original) ? original : [];
    for (let i = 0; i < node.length; i++) {
      redactNode(node[i], originals[i], depth + 1);
    }
    return;
  }
  const rec = node as Record<string, unknown>;
  const orig =
    original && typeof original === 'object' && !Array.isArray(original)
      ? (original as Record<string, unknown>)
      : NO_ORIGINAL;
  for (const key in rec) {
    if (!Object.prototype.hasOwnProperty.call(rec, key)) continue;
    const value = rec[key];
    if (typeof value === 'string') {
      if (isTextKey(key)) rec[key] = redactCut(value, orig[key]);
    } else {
      redactNode(value, orig[key], depth + 1);
    }
  }
}

function redactCut(projected: string, original: unknown): string {
  const kept = Math.min(projected.length, MAX_TEXT_CHARS);
  if (
    typeof original === 'string' &&
    original.length > projected.length &&
    original.startsWith(projected)
  ) {
    return redactedPrefix(original, kept);
  }
  return kept < projected.length
    ? redactedPrefix(projected, kept)
    : redactText(projected);
}
