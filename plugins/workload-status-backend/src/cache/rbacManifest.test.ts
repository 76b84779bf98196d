import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseAllDocuments } from 'yaml';
import { BASE_KINDS } from '@workload-status/backstage-plugin-workload-status-common';
import { RESOURCE_OF } from '../actions/workloadApi';
import { EVENT_RESOURCE_TYPES } from '../diagnostics/events/EventCaches';
import { NAMESPACE_RESOURCE_TYPE, watchedResourceTypes } from './resourceTypes';

/*
 * docs/install/rbac.yaml is what installers apply to their clusters. A
 * kind added to the kind table without a line in it would be watched with
 * a 403 in every installation that copied it: these tests keep the two
 * together.
 */

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
}

interface ManifestObject {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: object };
  rules?: PolicyRule[];
  roleRef?: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
  type?: string;
}

const MANIFEST = resolve(__dirname, '../../../../docs/install/rbac.yaml');

function readManifest(): ManifestObject[] {
  return parseAllDocuments(readFileSync(MANIFEST, 'utf8')).map(doc => {
    if (doc.errors.length > 0) throw doc.errors[0];
    return doc.toJS() as ManifestObject;
  });
}

const objects = readManifest();
const serviceAccount = objects.find(o => o.kind === 'ServiceAccount')!;

/** The rules of the ClusterRoles a ClusterRoleBinding gives the account. */
function rulesOfAccount(roleName?: string): PolicyRule[] {
  const bound = objects
    .filter(o => o.kind === 'ClusterRoleBinding')
    .filter(b =>
      b.subjects?.some(
        s =>
          s.kind === 'ServiceAccount' &&
          s.name === serviceAccount.metadata.name &&
          s.namespace === serviceAccount.metadata.namespace,
      ),
    )
    .map(b => b.roleRef!.name)
    .filter(name => roleName === undefined || name === roleName);
  return objects
    .filter(o => o.kind === 'ClusterRole' && bound.includes(o.metadata.name))
    .flatMap(o => o.rules ?? []);
}

const matches = (list: string[] | undefined, value: string) =>
  (list ?? []).some(item => item === value || item === '*');

function verbsOn(rules: PolicyRule[], group: string, resource: string) {
  const verbs = new Set<string>();
  for (const rule of rules) {
    if (matches(rule.apiGroups, group) && matches(rule.resources, resource)) {
      rule.verbs?.forEach(v => verbs.add(v));
    }
  }
  return verbs;
}

const resourceName = (group: string, resource: string) =>
  group === '' ? resource : `${resource}.${group}`;

describe('docs/install/rbac.yaml', () => {
  it('lets the service account list and watch every type the backend watches', () => {
    const rules = rulesOfAccount();
    const watched = [
      ...watchedResourceTypes(BASE_KINDS),
      NAMESPACE_RESOURCE_TYPE,
      ...EVENT_RESOURCE_TYPES,
    ];
    const missing = watched
      .filter(r => {
        const verbs = verbsOn(rules, r.group, r.plural);
        return !(verbs.has('list') && verbs.has('watch'));
      })
      .map(r => resourceName(r.group, r.plural));

    expect(watched.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('lets it read logs and container usage', () => {
    const rules = rulesOfAccount();

    expect([...verbsOn(rules, '', 'pods/log')]).toContain('get');
    expect([...verbsOn(rules, 'metrics.k8s.io', 'pods')]).toContain('list');
  });

  it('gives the writes of the actions in a role of their own, and only reads in the other', () => {
    const actions = rulesOfAccount('backstage-workload-status-actions');
    const reads = rulesOfAccount('backstage-workload-status-read');
    const granted = (group: string, resource: string) => [
      ...verbsOn(actions, group, resource),
    ];

    for (const resource of Object.values(RESOURCE_OF)) {
      expect({ resource, verbs: granted('apps', resource) }).toEqual({
        resource,
        verbs: ['patch'],
      });
    }
    expect(granted('batch', 'cronjobs').sort()).toEqual(['delete', 'patch']);
    expect(granted('batch', 'jobs')).toEqual(['create']);
    expect(granted('', 'pods')).toEqual(['delete']);
    expect(
      [...new Set(reads.flatMap(rule => rule.verbs ?? []))].sort(),
    ).toEqual(['get', 'list', 'watch']);
  });

  it('makes a token Secret for the service account', () => {
    const secret = objects.find(o => o.kind === 'Secret');

    expect(secret).toMatchObject({
      type: 'kubernetes.io/service-account-token',
      metadata: {
        namespace: serviceAccount.metadata.namespace,
        annotations: {
          'kubernetes.io/service-account.name': serviceAccount.metadata.name,
        },
      },
    });
  });
});
