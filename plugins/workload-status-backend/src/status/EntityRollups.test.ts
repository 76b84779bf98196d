import type { Entity } from '@backstage/catalog-model';
import type { Health } from '@workload-status/backstage-plugin-workload-status-common';
import { EntityRollups } from './EntityRollups';

function component(
  name: string,
  relations: { system?: string; owner?: string },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    relations: [
      ...(relations.system
        ? [{ type: 'partOf', targetRef: `system:default/${relations.system}` }]
        : []),
      ...(relations.owner
        ? [{ type: 'ownedBy', targetRef: `group:default/${relations.owner}` }]
        : []),
    ],
  };
}

function setup(options: { groupDescendants?: boolean } = {}) {
  const healths = new Map<string, Health>();
  // team-a is a child of org
  const parents = new Map([
    [
      'group:default/team-a',
      new Set(['group:default/team-a', 'group:default/org']),
    ],
  ]);
  const changed: string[] = [];
  const rollups = new EntityRollups({
    statuses: {
      getSummary: ref => {
        const health = healths.get(ref);
        return health ? { health } : undefined;
      },
    },
    groups: { groupsOf: ref => parents.get(ref) },
    groupDescendants: options.groupDescendants ?? true,
    onRollupChange: ref => changed.push(ref),
  });
  const read = (name: string, rel: { system?: string; owner?: string }) =>
    rollups.entityRead(component(name, rel), `component:default/${name}`);
  return { rollups, healths, changed, read, parents };
}

describe('EntityRollups', () => {
  it("takes a System's worst member health and counts each", () => {
    const { rollups, healths, read } = setup();
    healths.set('component:default/web', 'ok');
    healths.set('component:default/api', 'error');
    healths.set('component:default/db', 'warning');
    read('web', { system: 'shop' });
    read('api', { system: 'shop' });
    read('db', { system: 'shop' });
    read('other', { system: 'elsewhere' });

    const shop = rollups.get('system:default/shop');
    expect(shop.health).toBe('error');
    expect(shop.counts).toEqual({
      error: 1,
      unknown: 0,
      warning: 1,
      progressing: 0,
      stopped: 0,
      ok: 1,
    });
    expect([...shop.members].sort()).toEqual([
      'component:default/api',
      'component:default/db',
      'component:default/web',
    ]);
  });

  it('moves counts by one when a member status changes, and says which rollups changed', () => {
    const { rollups, healths, changed, read } = setup();
    healths.set('component:default/web', 'ok');
    healths.set('component:default/api', 'error');
    read('web', { system: 'shop', owner: 'team-a' });
    read('api', { system: 'shop' });
    expect(rollups.get('system:default/shop').health).toBe('error');
    changed.length = 0;

    healths.set('component:default/api', 'ok');
    rollups.statusChanged('component:default/api');
    const shop = rollups.get('system:default/shop');
    expect(shop.health).toBe('ok');
    expect(shop.counts.ok).toBe(2);
    expect(shop.counts.error).toBe(0);
    expect(changed).toEqual(['system:default/shop']);

    // the same health again: counts stay, the rollup's page still refetches
    // (a member's reasons are on it)
    rollups.statusChanged('component:default/api');
    expect(rollups.get('system:default/shop').counts.ok).toBe(2);
    expect(changed).toEqual(['system:default/shop', 'system:default/shop']);
  });

  it("rolls a child group's entities up into its parents, unless configured not to", () => {
    const withParents = setup();
    withParents.healths.set('component:default/web', 'warning');
    withParents.read('web', { owner: 'team-a' });
    expect(withParents.rollups.get('group:default/team-a').health).toBe(
      'warning',
    );
    expect(withParents.rollups.get('group:default/org').health).toBe('warning');
    expect([...withParents.rollups.get('group:default/org').members]).toEqual([
      'component:default/web',
    ]);

    const direct = setup({ groupDescendants: false });
    direct.healths.set('component:default/web', 'warning');
    direct.read('web', { owner: 'team-a' });
    expect(direct.rollups.get('group:default/team-a').health).toBe('warning');
    expect(direct.rollups.get('group:default/org').members.size).toBe(0);
  });

  it('follows members that move or go away', () => {
    const { rollups, healths, read } = setup();
    healths.set('component:default/web', 'error');
    read('web', { system: 'shop' });
    expect(rollups.get('system:default/shop').counts.error).toBe(1);

    read('web', { system: 'billing' });
    expect(rollups.get('system:default/shop').members.size).toBe(0);
    expect(rollups.get('system:default/shop').health).toBe('unknown');
    expect(rollups.get('system:default/billing').counts.error).toBe(1);

    rollups.entityRemoved('component:default/web');
    expect(rollups.get('system:default/billing').members.size).toBe(0);
    expect(rollups.get('system:default/billing').counts.error).toBe(0);
  });

  it('counts a member whose status was computed after it joined when the rollup is read', () => {
    const { rollups, healths, read } = setup();
    read('web', { system: 'shop' });
    expect(rollups.get('system:default/shop').counts.ok).toBe(0);
    healths.set('component:default/web', 'ok');
    // no change event for a first status: the read counts it
    expect(rollups.get('system:default/shop').counts.ok).toBe(1);
    expect(rollups.get('system:default/shop').counts.ok).toBe(1);
  });

  it('lists the groups that own entities, and rereads memberships when groups change', () => {
    const { rollups, healths, read, parents, changed } = setup();
    healths.set('component:default/web', 'ok');
    read('web', { owner: 'team-b' });
    expect([...rollups.ownerGroups()]).toEqual(['group:default/team-b']);
    expect(rollups.get('group:default/org').members.size).toBe(0);

    // team-b was moved under org in the catalog
    parents.set(
      'group:default/team-b',
      new Set(['group:default/team-b', 'group:default/org']),
    );
    rollups.groupsChanged();
    expect([...rollups.get('group:default/org').members]).toEqual([
      'component:default/web',
    ]);
    expect(rollups.get('group:default/org').counts.ok).toBe(1);
    expect(changed).toContain('group:default/org');
  });
});
