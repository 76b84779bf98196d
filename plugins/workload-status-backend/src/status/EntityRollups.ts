import type { Entity } from '@backstage/catalog-model';
import {
  emptyHealthCounts,
  Health,
  HealthCounts,
  HEALTH_ORDER,
  worstHealth,
} from '@workload-status/backstage-plugin-workload-status-common';
import { toOwnerRef } from '../ownership/ownerRef';

/** The part of the status service rollups read: in-memory summaries only. */
export interface MemberHealthSource {
  getSummary(entityRef: string): { health: Health } | undefined;
}

/** The groups a group belongs to, itself included (see OwnerGroups.groupsOf). */
export interface GroupAncestry {
  groupsOf(ref: string): ReadonlySet<string> | undefined;
}

/** A rollup as kept: its members and how many have each health. */
export interface RollupState {
  health: Health;
  counts: HealthCounts;
  members: ReadonlySet<string>;
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * System and Group statuses, kept in step with their members' statuses
 * rather than computed per request. Membership comes from the entities the
 * catalog source reads anyway (their `partOf` and `ownedBy` relations) and
 * the groups' parents (`childOf`, read once per catalog refresh); counts
 * move by one when a member's health changes (the status service's change
 * listener calls {@link EntityRollups.statusChanged}). A member whose status
 * was never computed is counted when a rollup is first read.
 */
export class EntityRollups {
  /** entity -> the systems and owners its relations name */
  private readonly links = new Map<
    string,
    { systems: readonly string[]; owners: readonly string[] }
  >();
  /** entity -> the rollups it is counted in */
  private readonly rollupsOfEntity = new Map<string, ReadonlySet<string>>();
  private readonly members = new Map<string, Set<string>>();
  private readonly counts = new Map<string, HealthCounts>();
  /** the health each member is counted with (absent: not counted yet) */
  private readonly counted = new Map<string, Health>();

  constructor(
    private readonly options: {
      statuses: MemberHealthSource;
      groups: GroupAncestry;
      /** a Group's rollup takes in its child groups' entities */
      groupDescendants: boolean;
      /** a rollup's members or counts changed */
      onRollupChange: (rollupRef: string) => void;
    },
  ) {}

  /** An entity read from the catalog: its systems and owners may have moved. */
  entityRead(entity: Entity, entityRef: string) {
    const related = (type: string, kind?: string) =>
      [
        ...new Set(
          (entity.relations ?? [])
            .filter(r => r.type === type)
            .map(r => toOwnerRef(r.targetRef))
            .filter(
              (r): r is string =>
                Boolean(r) && (!kind || r!.startsWith(`${kind}:`)),
            ),
        ),
      ].sort();
    const systems = related('partOf', 'system');
    const owners = related('ownedBy', 'group');
    const previous = this.links.get(entityRef);
    if (
      previous &&
      previous.systems.join() === systems.join() &&
      previous.owners.join() === owners.join()
    ) {
      return;
    }
    this.links.set(entityRef, { systems, owners });
    this.relink(entityRef);
  }

  entityRemoved(entityRef: string) {
    this.links.delete(entityRef);
    this.relink(entityRef);
  }

  /** The groups' parents were read again: Group memberships may have moved. */
  groupsChanged() {
    for (const ref of this.links.keys()) this.relink(ref);
  }

  /** Every group that owns a followed entity (whose parents are to be read). */
  ownerGroups(): Set<string> {
    const all = new Set<string>();
    for (const { owners } of this.links.values())
      owners.forEach(o => all.add(o));
    return all;
  }

  /** A member's status changed: its rollups' counts move. */
  statusChanged(entityRef: string) {
    this.count(entityRef, true);
  }

  /** Moves the entity's rollups' counts to its current health. */
  private count(entityRef: string, notify: boolean) {
    const rollups = this.rollupsOfEntity.get(entityRef);
    if (!rollups?.size) return;
    const health = this.options.statuses.getSummary(entityRef)?.health;
    const before = this.counted.get(entityRef);
    // a rollup shows its members' reasons too: any change is the rollup's
    if (notify) rollups.forEach(r => this.options.onRollupChange(r));
    if (health === before) return;
    for (const rollup of rollups) {
      const counts = this.countsOf(rollup);
      if (before) counts[before]--;
      if (health) counts[health]++;
    }
    if (health) this.counted.set(entityRef, health);
    else this.counted.delete(entityRef);
  }

  /**
   * The rollup of a System or Group ref (lowercase); one with no members
   * for a ref nothing followed belongs to.
   */
  get(rollupRef: string): RollupState {
    const members = this.members.get(rollupRef) ?? EMPTY;
    for (const m of members) {
      // computed on first read, not when it joined (see the class comment)
      if (!this.counted.has(m)) this.count(m, false);
    }
    const counts = { ...(this.counts.get(rollupRef) ?? emptyHealthCounts()) };
    return {
      health: worstOfCounts(counts),
      counts,
      members,
    };
  }

  /** The health a member is counted with, when it has a status. */
  healthOf(entityRef: string): Health | undefined {
    if (!this.counted.has(entityRef)) this.count(entityRef, false);
    return this.counted.get(entityRef);
  }

  private rollupsFor(entityRef: string): Set<string> {
    const links = this.links.get(entityRef);
    const rollups = new Set<string>(links?.systems ?? []);
    for (const owner of links?.owners ?? []) {
      rollups.add(owner);
      if (!this.options.groupDescendants) continue;
      for (const group of this.options.groups.groupsOf(owner) ?? []) {
        if (group.startsWith('group:')) rollups.add(group);
      }
    }
    return rollups;
  }

  private relink(entityRef: string) {
    const before = this.rollupsOfEntity.get(entityRef) ?? EMPTY;
    const after = this.rollupsFor(entityRef);
    const health = this.counted.get(entityRef);
    for (const rollup of before) {
      if (after.has(rollup)) continue;
      const members = this.members.get(rollup);
      members?.delete(entityRef);
      if (health) this.countsOf(rollup)[health]--;
      if (!members?.size) {
        this.members.delete(rollup);
        this.counts.delete(rollup);
      }
      this.options.onRollupChange(rollup);
    }
    for (const rollup of after) {
      if (before.has(rollup)) continue;
      let members = this.members.get(rollup);
      if (!members) this.members.set(rollup, (members = new Set()));
      members.add(entityRef);
      if (health) this.countsOf(rollup)[health]++;
      this.options.onRollupChange(rollup);
    }
    if (after.size) {
      this.rollupsOfEntity.set(entityRef, after);
    } else {
      this.rollupsOfEntity.delete(entityRef);
      this.counted.delete(entityRef);
    }
  }

  private countsOf(rollupRef: string): HealthCounts {
    let counts = this.counts.get(rollupRef);
    if (!counts) this.counts.set(rollupRef, (counts = emptyHealthCounts()));
    return counts;
  }
}

/** The worst health with a member; `unknown` for a rollup with none. */
export function worstOfCounts(counts: HealthCounts): Health {
  return worstHealth(
    HEALTH_ORDER.filter(h => counts[h] > 0),
    'unknown',
  );
}
