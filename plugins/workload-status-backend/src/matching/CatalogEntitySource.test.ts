import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogEntitySource } from './CatalogEntitySource';
import { EntityIndex } from './EntityIndex';
import { EntityMatcher } from './EntityMatcher';

const component = (name: string, annotations: Record<string, string> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team', lifecycle: 'production' },
});

describe('CatalogEntitySource', () => {
  it('indexes annotated entities, drops those gone, and reads unknown refs on demand', async () => {
    const catalog = catalogServiceMock({
      entities: [
        component('web', { 'backstage.io/kubernetes-id': 'web' }),
        component('api', {
          'backstage.io/kubernetes-label-selector': 'app=api',
        }),
        component('docs'),
      ],
    });
    const index = new EntityIndex();
    const changes: Array<[string[], string[]]> = [];
    const source = new CatalogEntitySource({
      catalog,
      auth: mockServices.auth(),
      index,
      matcher: new EntityMatcher('multiTenant'),
      logger: mockServices.logger.mock(),
      onChanged: (changed, removed) => changes.push([changed, removed]),
    });
    await source.refresh();
    expect([...index.entityRefs()].sort()).toEqual([
      'component:default/api',
      'component:default/web',
    ]);
    expect(changes).toEqual([
      [['component:default/web', 'component:default/api'], []],
    ]);

    // an entity without the annotations, asked for by ref: known, NotFound later
    await expect(source.ensure('component:default/docs')).resolves.toBe(true);
    const docs = index.getMatch('component:default/docs')!;
    expect(docs.entityRef).toBe('component:default/docs');
    expect(docs.selector ?? docs.error).toBeUndefined();
    await expect(source.ensure('component:default/ghost')).resolves.toBe(false);

    // web leaves the catalog
    await catalog.removeEntityByUid(
      (await catalog.getEntityByRef('component:default/web', {
        credentials: {} as any,
      }))!.metadata.uid!,
      { credentials: {} as any },
    );
    await source.refresh();
    expect(index.getMatch('component:default/web')).toBeUndefined();
    expect(changes.at(-1)![1]).toContain('component:default/web');

    // a batch of unknown refs: one catalog call
    const spy = jest.spyOn(catalog, 'getEntitiesByRefs');
    await source.ensureMany([
      'component:default/x',
      'component:default/y',
      'component:default/api',
    ]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][0].entityRefs).toEqual([
      'component:default/x',
      'component:default/y',
    ]);
  });
});
