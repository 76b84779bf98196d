import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { OwnerGroups } from './OwnerGroups';

const entity = (
  ref: string,
  relations: Array<[string, string]> = [],
): Entity => {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: kind === 'user' ? 'User' : 'Group',
    metadata: { namespace, name },
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  };
};

/** A catalog whose entities a test may change, counting its calls. */
function fakeCatalog(entities: Entity[]) {
  let byRef = new Map<string, Entity>();
  const set = (list: Entity[]) => {
    byRef = new Map(
      list.map(e => [
        `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase(),
        e,
      ]),
    );
  };
  set(entities);
  const calls: string[][] = [];
  const catalog = {
    async getEntitiesByRefs({ entityRefs }: { entityRefs: string[] }) {
      calls.push(entityRefs);
      return { items: entityRefs.map(r => byRef.get(r)) };
    },
  } as unknown as CatalogService;
  return { catalog, calls, set };
}

const ORG = [
  entity('user:default/alice', [
    ['memberOf', 'group:default/team-web'],
    ['memberOf', 'group:default/Guild-Frontend'],
  ]),
  entity('group:default/team-web', [
    ['childOf', 'group:default/team-shop'],
    ['hasMember', 'user:default/alice'],
  ]),
  entity('group:default/team-shop', [['childOf', 'group:default/engineering']]),
  entity('group:default/engineering', [
    ['parentOf', 'group:default/team-shop'],
  ]),
  entity('group:default/guild-frontend'),
  entity('group:default/a', [['childOf', 'group:default/b']]),
  entity('group:default/b', [['childOf', 'group:default/a']]),
];

function setup(maxRefs = 1000, entities = ORG) {
  const fake = fakeCatalog(entities);
  const logger = mockServices.logger.mock();
  const groups = new OwnerGroups({
    catalog: fake.catalog,
    auth: mockServices.auth(),
    logger,
    maxRefs,
  });
  return { groups, logger, ...fake };
}

describe('OwnerGroups', () => {
  it("gives a user's groups and their parents, a group's parents, never children", async () => {
    const { groups, calls } = setup();
    expect(groups.groupsOf('user:default/alice')).toBeUndefined();
    await groups.refresh(['user:default/alice', 'group:default/team-web']);
    expect([...groups.groupsOf('user:default/alice')!].sort()).toEqual([
      'group:default/engineering',
      'group:default/guild-frontend',
      'group:default/team-shop',
      'group:default/team-web',
      'user:default/alice',
    ]);
    expect([...groups.groupsOf('group:default/team-web')!].sort()).toEqual([
      'group:default/engineering',
      'group:default/team-shop',
      'group:default/team-web',
    ]);
    // one catalog call per level of the tree, whatever the number of refs
    expect(calls).toHaveLength(3);
  });

  it('ends on a cycle of parents and keeps a ref the catalog does not have', async () => {
    const { groups } = setup();
    await groups.refresh(['group:default/a', 'user:default/ghost']);
    expect([...groups.groupsOf('group:default/a')!].sort()).toEqual([
      'group:default/a',
      'group:default/b',
    ]);
    expect([...groups.groupsOf('user:default/ghost')!]).toEqual([
      'user:default/ghost',
    ]);
  });

  it('says whether a refresh changed anything, and forgets what is gone', async () => {
    const { groups, set } = setup();
    expect(await groups.refresh(['user:default/alice'])).toBe(true);
    expect(await groups.refresh(['user:default/alice'])).toBe(false);
    // alice leaves team-web
    set(
      ORG.map(e =>
        e.metadata.name === 'alice' ? entity('user:default/alice') : e,
      ),
    );
    expect(await groups.refresh(['user:default/alice'])).toBe(true);
    expect([...groups.groupsOf('user:default/alice')!]).toEqual([
      'user:default/alice',
    ]);
    expect(groups.groupsOf('group:default/team-shop')).toBeUndefined();
  });

  it('reads on demand only the refs it does not know', async () => {
    const { groups, calls } = setup();
    await groups.refresh(['group:default/team-shop']);
    const before = calls.length;
    expect(await groups.ensure(['group:default/team-shop'])).toBe(false);
    expect(calls.length).toBe(before);
    expect(await groups.ensure(['group:default/team-web'])).toBe(true);
    expect(calls.slice(before)).toEqual([['group:default/team-web']]);
    expect(
      groups
        .groupsOf('group:default/team-web')
        ?.has('group:default/engineering'),
    ).toBe(true);
  });

  it('keeps at most maxRefs users and groups, and warns once', async () => {
    const { groups, logger } = setup(2);
    await groups.refresh(['user:default/alice']);
    await groups.refresh(['user:default/alice']);
    // alice and one level of groups fit: the rest are cut, not read
    expect(groups.groupsOf('user:default/alice')).toBeDefined();
    expect(groups.groupsOf('group:default/team-shop')).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('workloadStatus.ownership.maxOwnerRefs (2)'),
    );
  });

  it('throws when the catalog fails, keeping what it knew', async () => {
    const { groups, catalog } = setup();
    await groups.refresh(['group:default/team-web']);
    (catalog as any).getEntitiesByRefs = async () => {
      throw new Error('catalog down');
    };
    await expect(groups.refresh(['group:default/team-web'])).rejects.toThrow(
      'catalog down',
    );
    expect(groups.groupsOf('group:default/team-web')?.size).toBe(3);
  });
});
