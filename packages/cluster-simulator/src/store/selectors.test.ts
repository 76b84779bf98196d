import {
  matchesLabelSelector,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './selectors';

describe('label selectors', () => {
  const labels = {
    app: 'web',
    tier: 'front',
    'backstage.io/kubernetes-id': 'web',
  };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app in (web,api)', true],
    ['app notin (web,api)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['missing!=x', true],
    ['app=web,tier in (front),backstage.io/kubernetes-id', true],
    ['app=web,tier=back', false],
    ['', true],
  ])('%s -> %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('rejects bad syntax with the apiserver message', () => {
    expect(() => parseLabelSelector('app in web')).toThrow(SelectorError);
    expect(() => parseLabelSelector('a b c')).toThrow(
      /unable to parse requirement/,
    );
  });

  it('matches spec.selector with matchExpressions', () => {
    expect(
      matchesLabelSelector(
        {
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['front'] },
          ],
        },
        labels,
      ),
    ).toBe(true);
    expect(
      matchesLabelSelector(
        { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] },
        labels,
      ),
    ).toBe(false);
  });
});

describe('field selectors', () => {
  const pod: any = {
    metadata: { name: 'p', namespace: 'shop' },
    spec: { nodeName: 'node-1' },
    status: { phase: 'Running' },
  };
  it('matches supported fields with = and !=', () => {
    expect(
      parseFieldSelector(
        'spec.nodeName=node-1,status.phase!=Pending',
        ['spec.nodeName', 'status.phase'],
        'pods',
      )(pod),
    ).toBe(true);
    expect(parseFieldSelector('metadata.name=q', [], 'pods')(pod)).toBe(false);
    expect(
      parseFieldSelector('metadata.namespace==shop', [], 'pods')(pod),
    ).toBe(true);
  });
  it('rejects unsupported fields as the apiserver does', () => {
    expect(() =>
      parseFieldSelector('spec.hostname=x', ['spec.nodeName'], 'pods'),
    ).toThrow('field label not supported: spec.hostname');
  });
});
