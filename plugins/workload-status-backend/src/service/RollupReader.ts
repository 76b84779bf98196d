import type {
  EntityRollup,
  EntityStatusSummary,
  Health,
  HealthCounts,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import {
  emptyHealthCounts,
  HEALTH_ORDER,
  isRollupRef,
  rollupLifecycle,
  RollupKind,
} from '@workload-status/backstage-plugin-workload-status-common';
import { EntityRollups, worstOfCounts } from '../status/EntityRollups';
import type { StatusReader } from './StatusReader';

/** Of the refs given, those the caller may read (one batched permission call). */
export type ReadableFilter = (entityRefs: string[]) => Promise<string[]>;

/** Members whose top reason a rollup summary carries, worst first. */
const SUMMARY_REASONS = 5;

const RANK = new Map<Health, number>(HEALTH_ORDER.map((h, i) => [h, i]));

/**
 * Reads System and Group rollups for one caller: the members it may read
 * (filtered in one permission call), their summaries from memory, and the
 * counts kept by EntityRollups (recounted from memory when some members are
 * hidden from the caller). Like StatusReader it trusts its caller for the
 * rollup ref itself.
 */
export class RollupReader {
  constructor(
    private readonly rollups: EntityRollups,
    private readonly reader: Pick<StatusReader, 'getSummaries'>,
  ) {}

  /** The rollup with every member the caller may read, worst first. */
  async getRollup(
    rollupRef: string,
    readable: ReadableFilter,
  ): Promise<EntityRollup> {
    const state = this.rollups.get(rollupRef);
    const all = [...state.members];
    const allowed = await readable(all);
    const members = sortBySeverity(await this.reader.getSummaries(allowed));
    // the summaries were just read (a dirty member recomputed): count them
    const counts = countOf(members);
    const health = worstOfCounts(counts);
    return {
      entityRef: rollupRef,
      kind: kindOf(rollupRef),
      lifecycle: rollupLifecycle(health, members.length),
      health,
      counts,
      members,
      updatedAt: latest(members),
    };
  }

  /**
   * Summaries in the order given, rollups among them: their members are
   * filtered for the caller in one permission call for the whole batch.
   */
  async getSummaries(
    entityRefs: string[],
    readable: ReadableFilter,
  ): Promise<EntityStatusSummary[]> {
    const rollupRefs = entityRefs.filter(isRollupRef);
    const plain = await this.reader.getSummaries(
      entityRefs.filter(r => !isRollupRef(r)),
    );
    if (!rollupRefs.length) return plain;
    const states = new Map(rollupRefs.map(r => [r, this.rollups.get(r)]));
    const allMembers = new Set<string>();
    for (const s of states.values()) s.members.forEach(m => allMembers.add(m));
    const allowed = new Set(await readable([...allMembers]));
    const summaries = new Map<string, EntityStatusSummary>();
    for (const [ref, state] of states) {
      summaries.set(ref, await this.summaryOf(ref, state, allowed));
    }
    const byRef = new Map(plain.map(s => [s.entityRef, s]));
    return entityRefs.map(r => summaries.get(r) ?? byRef.get(r)!);
  }

  private async summaryOf(
    rollupRef: string,
    state: ReturnType<EntityRollups['get']>,
    allowed: ReadonlySet<string>,
  ): Promise<EntityStatusSummary> {
    const members = [...state.members].filter(m => allowed.has(m));
    let counts: HealthCounts = state.counts;
    if (members.length !== state.members.size) {
      counts = emptyHealthCounts();
      for (const m of members) {
        const h = this.rollups.healthOf(m);
        if (h) counts[h]++;
      }
    }
    const health = worstOfCounts(counts);
    // the worst few members' top reasons, worded for the caller
    const worst = members
      .map(m => ({ m, h: this.rollups.healthOf(m) ?? 'unknown' }))
      .filter(({ h }) => h !== 'ok' && h !== 'stopped')
      .sort((a, b) => rank(a.h) - rank(b.h) || a.m.localeCompare(b.m))
      .slice(0, SUMMARY_REASONS)
      .map(({ m }) => m);
    const worstSummaries = await this.reader.getSummaries(worst);
    const reasons: Reason[] = worstSummaries.flatMap(s =>
      s.reasons.slice(0, 1).map(r => ({
        ...r,
        message: `${s.entityRef}: ${r.message}`,
      })),
    );
    return {
      entityRef: rollupRef,
      lifecycle: rollupLifecycle(health, members.length),
      health,
      reasons,
      counts,
      updatedAt: new Date().toISOString(),
    };
  }
}

function rank(h: Health) {
  return RANK.get(h) ?? 0;
}

/** Worst health first, then by ref. */
export function sortBySeverity<T extends { health: Health; entityRef: string }>(
  items: T[],
): T[] {
  return [...items].sort(
    (a, b) =>
      rank(a.health) - rank(b.health) || a.entityRef.localeCompare(b.entityRef),
  );
}

function countOf(members: EntityStatusSummary[]): HealthCounts {
  const counts = emptyHealthCounts();
  members.forEach(m => counts[m.health]++);
  return counts;
}

function kindOf(rollupRef: string): RollupKind {
  return rollupRef.startsWith('group:') ? 'group' : 'system';
}

function latest(members: EntityStatusSummary[]): string {
  let max = '';
  for (const m of members) if (m.updatedAt > max) max = m.updatedAt;
  return max || new Date().toISOString();
}
