import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import {
  matchLabelsQuery,
  previousTemplate,
  revisionOf,
} from './workloadTemplates';

const deployment = (revision?: string): V1Deployment => ({
  metadata: {
    name: 'search',
    namespace: 'shop',
    uid: 'd1',
    annotations: revision
      ? { 'deployment.kubernetes.io/revision': revision }
      : {},
  },
});

const replicaSet = (
  revision: string,
  image: string,
  ownerUid = 'd1',
): V1ReplicaSet => ({
  metadata: {
    name: `search-${revision}`,
    annotations: { 'deployment.kubernetes.io/revision': revision },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'search',
        uid: ownerUid,
        controller: true,
      },
    ],
  },
  spec: {
    selector: {},
    template: {
      metadata: {
        labels: { app: 'search', 'pod-template-hash': `h${revision}` },
      },
      spec: { containers: [{ name: 'search', image }] },
    },
  },
});

describe('previousTemplate', () => {
  it('is the template of the highest revision below the current, without its hash label', () => {
    const result = previousTemplate(deployment('3'), [
      replicaSet('1', 'search:1'),
      replicaSet('3', 'search:3'),
      replicaSet('2', 'search:2'),
    ]);
    expect(result).toEqual({
      revision: 2,
      template: {
        metadata: { labels: { app: 'search' } },
        spec: { containers: [{ name: 'search', image: 'search:2' }] },
      },
    });
  });

  it("ignores ReplicaSets of other Deployments and leaves the ReplicaSet's own template alone", () => {
    const own = replicaSet('1', 'search:1');
    const result = previousTemplate(deployment('2'), [
      own,
      replicaSet('1', 'evil:1', 'other'),
      replicaSet('2', 'search:2'),
    ]);
    expect(result.template.spec?.containers[0].image).toBe('search:1');
    expect(own.spec?.template?.metadata?.labels?.['pod-template-hash']).toBe(
      'h1',
    );
  });

  it('takes the highest ReplicaSet revision when the Deployment carries none', () => {
    const result = previousTemplate(deployment(), [
      replicaSet('4', 'search:4'),
      replicaSet('5', 'search:5'),
    ]);
    expect(result.revision).toBe(4);
  });

  it('is a ConflictError when there is no earlier revision', () => {
    expect(() =>
      previousTemplate(deployment('1'), [replicaSet('1', 'search:1')]),
    ).toThrow(
      'Deployment shop/search has no earlier revision to roll back to (revision 1 is the oldest kept; see its revisionHistoryLimit)',
    );
  });
});

describe('revisionOf', () => {
  it.each([
    ['7', 7],
    ['x', 0],
    ['-1', 0],
    ['1e400', 0],
  ])('reads %j as %d', (value, expected) => {
    expect(
      revisionOf({
        metadata: {
          annotations: { 'deployment.kubernetes.io/revision': value },
        },
      }),
    ).toBe(expected);
  });
});

describe('matchLabelsQuery', () => {
  it('joins matchLabels; none is no selector', () => {
    expect(matchLabelsQuery({ a: '1', 'b.io/c': 'd' })).toBe('a=1,b.io/c=d');
    expect(matchLabelsQuery({})).toBeUndefined();
    expect(matchLabelsQuery(undefined)).toBeUndefined();
  });
});
