import type { Entity } from '@backstage/catalog-model';
import type {
  EntityStatusSummary,
  Health,
} from '@workload-status/backstage-plugin-workload-status-common';
import { EntityRollups } from '../status/EntityRollups';
import { RollupReader } from './RollupReader';

const HEALTHS: Record<string, Health> = {
  'component:default/web': 'ok',
  'component:default/api': 'error',
  'component:default/db': 'warning',
  'component:default/secret': 'error',
};

function summary(ref: string): EntityStatusSummary {
  const health = HEALTHS[ref] ?? 'unknown';
  return {
    entityRef: ref,
    lifecycle: health === 'ok' ? 'Running' : 'Exception',
    health,
    reasons:
      health === 'ok'
        ? []
        : [
            {
              severity: 'error',
              code: 'CrashLoopBackOff',
              message: `${ref} crashes`,
              object: { kind: 'Pod', name: 'p' },
            },
          ],
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

function setup() {
  const rollups = new EntityRollups({
    statuses: {
      getSummary: ref => (HEALTHS[ref] ? { health: HEALTHS[ref] } : undefined),
    },
    groups: { groupsOf: () => undefined },
    groupDescendants: true,
    onRollupChange: () => {},
  });
  for (const name of ['web', 'api', 'db', 'secret']) {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name },
      relations: [
        { type: 'partOf', targetRef: 'system:default/shop' },
        { type: 'ownedBy', targetRef: 'group:default/team-a' },
      ],
    };
    rollups.entityRead(entity, `component:default/${name}`);
  }
  const read: string[][] = [];
  const reader = new RollupReader(rollups, {
    getSummaries: async refs => {
      read.push(refs);
      return refs.map(summary);
    },
  });
  const calls: string[][] = [];
  const notSecret = async (refs: string[]) => {
    calls.push(refs);
    return refs.filter(r => !r.endsWith('/secret'));
  };
  return { reader, read, calls, notSecret };
}

describe('RollupReader', () => {
  it('answers a rollup with the members the caller may read, worst first', async () => {
    const { reader, calls, notSecret } = setup();
    const rollup = await reader.getRollup('system:default/shop', notSecret);
    expect(calls).toHaveLength(1);
    expect(rollup).toMatchObject({
      entityRef: 'system:default/shop',
      kind: 'system',
      health: 'error',
      lifecycle: 'Failing',
      counts: { error: 1, warning: 1, ok: 1, unknown: 0 },
    });
    expect(rollup.members.map(m => m.entityRef)).toEqual([
      'component:default/api',
      'component:default/db',
      'component:default/web',
    ]);
  });

  it('says NoMembers for a rollup nothing the caller may read belongs to', async () => {
    const { reader } = setup();
    const rollup = await reader.getRollup('group:default/nobody', async r => r);
    expect(rollup).toMatchObject({
      kind: 'group',
      health: 'unknown',
      lifecycle: 'NoMembers',
      members: [],
    });
  });

  it('mixes rollups with entities in a batch, filtering all members in one permission call', async () => {
    const { reader, calls, notSecret } = setup();
    const items = await reader.getSummaries(
      ['component:default/web', 'system:default/shop', 'group:default/team-a'],
      notSecret,
    );
    expect(calls).toHaveLength(1);
    expect(items.map(i => i.entityRef)).toEqual([
      'component:default/web',
      'system:default/shop',
      'group:default/team-a',
    ]);
    expect(items[0]).toMatchObject({ health: 'ok', lifecycle: 'Running' });
    for (const rollup of items.slice(1)) {
      expect(rollup).toMatchObject({
        health: 'error',
        lifecycle: 'Failing',
        counts: { error: 1, warning: 1, ok: 1 },
      });
      // the worst members' top reasons, none of the hidden member's
      expect(rollup.reasons.map(r => r.message)).toEqual([
        'component:default/api: component:default/api crashes',
        'component:default/db: component:default/db crashes',
      ]);
    }
  });

  it('uses the kept counts when every member is readable', async () => {
    const { reader } = setup();
    const [shop] = await reader.getSummaries(
      ['system:default/shop'],
      async r => r,
    );
    expect(shop.counts).toMatchObject({ error: 2, warning: 1, ok: 1 });
  });
});
