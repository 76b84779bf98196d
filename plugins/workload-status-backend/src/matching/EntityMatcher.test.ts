import type { Entity } from '@backstage/catalog-model';
import { EntityMatcher } from './EntityMatcher';

const component = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'evil-wide', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'group:team-shop' },
});

const labelSelector = (text: string) =>
  component({ 'backstage.io/kubernetes-label-selector': text });

describe('EntityMatcher', () => {
  const matcher = new EntityMatcher('multiTenant');

  /*
   * The attacker owns the entity and writes its annotations: a selector
   * that only excludes matches every object of every namespace, so it is
   * refused with a reason and the entity matches nothing.
   */
  it.each(['!nonexistent', 'a notin (b)', 'a!=b', 'a', '!a, b, c!=d'])(
    'refuses the selector %s, which pins no label value',
    text => {
      const match = matcher.match(labelSelector(text));
      expect(match.selector).toBeUndefined();
      expect(match.error).toBe(
        `Entity component:default/evil-wide has an unusable backstage.io/kubernetes-label-selector annotation: Label selector '${text}' pins no label value, so it would select the objects of every namespace; it needs at least one key=value, key==value or key in (a,b) requirement`,
      );
    },
  );

  it.each([
    ['app=web', 'app in (web)'],
    ['app==web', 'app in (web)'],
    ['app in (web,api)', 'app in (api,web)'],
    ['app=web,!canary', '!canary,app in (web)'],
    ['app=web,tier notin (batch)', 'app in (web),tier notin (batch)'],
  ])('accepts %s, which pins one', (text, key) => {
    const match = matcher.match(labelSelector(text));
    expect(match.error).toBeUndefined();
    expect(match.selector?.key).toBe(key);
  });

  it('matches kubernetes-id by its value', () => {
    const match = matcher.match(
      component({
        'backstage.io/kubernetes-id': 'web',
        'backstage.io/kubernetes-namespace': 'shop',
      }),
    );
    expect(match).toMatchObject({
      entityRef: 'component:default/evil-wide',
      namespace: 'shop',
    });
    expect(match.selector?.key).toBe('backstage.io/kubernetes-id in (web)');
  });

  it('reports a selector that does not parse', () => {
    const match = matcher.match(labelSelector('app in (web'));
    expect(match.selector).toBeUndefined();
    expect(match.error).toMatch(/unbalanced parentheses/);
  });
});
