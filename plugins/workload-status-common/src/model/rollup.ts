import type { EntityStatusSummary, Health } from './types';

/** Kinds whose status is a rollup of other entities' statuses. @public */
export const ROLLUP_KINDS = ['system', 'group'] as const;

/** @public */
export type RollupKind = (typeof ROLLUP_KINDS)[number];

/** How many members have each health. @public */
export type HealthCounts = Record<Health, number>;

/**
 * The status of a System (its Components and Resources) or a Group (the
 * entities it owns, and its child groups' when configured): the worst of
 * its members' healths, how many have each, and the members themselves,
 * worst first. Only members the caller may read are counted.
 * @public
 */
export interface EntityRollup {
  entityRef: string;
  /** what `members` are: a System's parts, a Group's owned entities */
  kind: RollupKind;
  /** the word for the health, as a lifecycle is for an entity: see {@link rollupLifecycle} */
  lifecycle: string;
  /** the worst member health; `unknown` when there are no members */
  health: Health;
  counts: HealthCounts;
  /** each member's summary, worst health first, then by ref */
  members: EntityStatusSummary[];
  updatedAt: string;
}

/** True for a ref (`kind:namespace/name`) of a kind that has a rollup. @public */
export function isRollupRef(entityRef: string): boolean {
  const kind = entityRef
    .slice(0, entityRef.indexOf(':'))
    .toLocaleLowerCase('en-US');
  return (ROLLUP_KINDS as readonly string[]).includes(kind);
}

const ROLLUP_WORDS: Record<Health, string> = {
  error: 'Failing',
  unknown: 'Unknown',
  warning: 'Degraded',
  progressing: 'Progressing',
  stopped: 'Stopped',
  ok: 'Healthy',
};

/**
 * The word a rollup shows beside its health: `Failing`, `Degraded`,
 * `Healthy`...; `NoMembers` when nothing belongs to it (that the caller may read).
 * @public
 */
export function rollupLifecycle(health: Health, memberCount: number): string {
  return memberCount === 0 ? 'NoMembers' : ROLLUP_WORDS[health];
}

/** Zero of every health. @public */
export function emptyHealthCounts(): HealthCounts {
  return {
    error: 0,
    unknown: 0,
    warning: 0,
    progressing: 0,
    stopped: 0,
    ok: 0,
  };
}
