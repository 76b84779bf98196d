/*
 * The fixed pipeline every object goes through (kstatus `Compute` style):
 *   1. malformed input and unknown kinds → health unknown, with a reason;
 *   2. deletion (metadata.deletionTimestamp) → Deleting;
 *   3. the kind's rule from the kind table (registry.ts);
 *   4. the `Ready` condition, for a rule that had no opinion;
 *   5. the default: unknown.
 * Each step returns undefined when it has no opinion. A rule that throws is a
 * bug; its object gets health unknown instead of failing the caller.
 */
import type { ObjectStatus } from '../model/types';
import { findCondition } from './conditions';
import { asRecord, readNow, readPath, readString } from './fields';
import { REASON_CODES, describe, reason, sortReasons } from './reasons';
import { groupOf } from './kindRegistry';
import { BASE_KINDS, KindRegistry, KindRow } from './registry';
import { RelatedObjects } from './related';
import type {
  EvaluationContext,
  KubeObject,
  RuleInput,
  Verdict,
} from './types';

/** Pods print their own deletion text; builds keep their outcome while deleted. */
const FAMILIES_WITH_OWN_DELETION = new Set(['pod', 'build', 'context']);

function deletionStep(input: RuleInput, entry: KindRow): Verdict | undefined {
  if (FAMILIES_WITH_OWN_DELETION.has(entry.family)) return undefined;
  const since = readString(
    readPath(input.obj, 'metadata', 'deletionTimestamp'),
  );
  if (!since) return undefined;
  const { ref } = input;
  return {
    lifecycle: 'Deleting',
    health: 'progressing',
    reasons: [
      reason(
        'info',
        REASON_CODES.ObjectDeleting,
        ref,
        `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${
          ref.name
        } is being deleted.`,
        { since, hint: 'operator-log' },
      ),
    ],
  };
}

function readyConditionStep(input: RuleInput): Verdict | undefined {
  const ready = findCondition(input.obj, 'Ready');
  if (!ready) return undefined;
  if (ready.status === 'True')
    return { lifecycle: 'Running', health: 'ok', reasons: [] };
  return { lifecycle: 'Waiting', health: 'progressing', reasons: [] };
}

/**
 * Judges one object on its own; `related` may hold its owned objects and
 * nodes. `kinds` is the kind table (the engine's own when absent). Never
 * throws.
 * @public
 */
export function evaluateObject(
  obj: KubeObject,
  related: readonly KubeObject[],
  ctx: EvaluationContext,
  kinds: KindRegistry = BASE_KINDS,
): ObjectStatus {
  const now = readNow(ctx);
  return judgeObject(
    obj,
    new RelatedObjects(Array.isArray(related) ? related : []),
    now,
    kinds,
  );
}

/** evaluateObject with an already built index and the time in epoch ms. */
export function judgeObject(
  obj: KubeObject,
  related: RelatedObjects,
  now: number,
  kinds: KindRegistry = BASE_KINDS,
): ObjectStatus {
  const rec = asRecord(obj);
  const apiVersion = readString(rec?.apiVersion) ?? '';
  const kind = readString(rec?.kind) ?? '';
  const name = readString(readPath(rec, 'metadata', 'name')) ?? '';
  const namespace = readString(readPath(rec, 'metadata', 'namespace'));
  const ref = { kind: kind || 'Object', namespace, name };
  const base = { apiVersion, kind, name, ...(namespace ? { namespace } : {}) };
  const unknown = (
    code: (typeof REASON_CODES)[keyof typeof REASON_CODES],
    message: string,
  ): ObjectStatus => ({
    ...base,
    lifecycle: 'Unknown',
    health: 'unknown',
    reasons: [reason('warning', code, ref, message)],
  });

  if (!rec || !kind)
    return unknown(
      REASON_CODES.MalformedObject,
      'The object has no kind: it is not a Kubernetes object.',
    );
  if (!name)
    return unknown(
      REASON_CODES.MalformedObject,
      `The ${kind} has no metadata.name.`,
    );
  const entry = kinds.lookup(rec as KubeObject);
  if (!entry) {
    if (kinds.isKnownKind(kind, groupOf(apiVersion || undefined))) {
      return unknown(
        REASON_CODES.UnsupportedApiVersion,
        `${describe(
          ref,
        )}: ${apiVersion} is not an API version the status engine supports for ${kind}.`,
      );
    }
    return unknown(
      REASON_CODES.UnsupportedKind,
      `${describe(ref)}: ${kind}${
        apiVersion ? ` (${apiVersion})` : ''
      } is not a kind the status engine supports.`,
    );
  }
  if (!Number.isFinite(now)) {
    return unknown(
      REASON_CODES.EvaluationFailed,
      `${describe(ref)} cannot be judged: no valid evaluation time was given.`,
    );
  }
  const input: RuleInput = {
    obj: rec as KubeObject,
    ref,
    now,
    related,
  };
  try {
    const verdict =
      deletionStep(input, entry) ??
      entry.rule(input) ??
      readyConditionStep(input) ??
      undefined;
    if (!verdict)
      return unknown(
        REASON_CODES.EvaluationFailed,
        `No rule could judge ${kind} ${name}.`,
      );
    return {
      ...base,
      lifecycle: verdict.lifecycle,
      health: verdict.health,
      reasons: sortReasons(verdict.reasons),
    };
  } catch (e) {
    return unknown(
      REASON_CODES.EvaluationFailed,
      `The status of ${kind} ${name} could not be computed: ${
        e instanceof Error ? e.message : String(e)
      }.`,
    );
  }
}
