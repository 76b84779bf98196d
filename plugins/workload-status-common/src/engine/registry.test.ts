/*
 * The kind table: every row complete and consistent, lookups by API group,
 * and tables that never change once made.
 */
import fs from 'fs';
import path from 'path';
import { evaluateObject } from './evaluate';
import { projectObject } from './projection';
import { BASE_KINDS, KindRow, SUPPORTED_KINDS } from './registry';
import { ctx } from './__fixtures__/objects';

const FAMILIES = [
  'workload',
  'pod',
  'job',
  'cronjob',
  'build',
  'autoscaler',
  'context',
];
const ROLES = ['Deployment', 'Pod', 'Job', 'CronJob', 'Build', 'none'];

describe('the kind table', () => {
  it.each(BASE_KINDS.rows().map(r => [r.kind, r] as const))(
    '%s has a complete row',
    (_kind, row) => {
      expect(typeof row.rule).toBe('function');
      expect(row.projection).toEqual(expect.any(Object));
      expect(row.projection.spec ?? row.projection.status).toBeDefined();
      expect(row.group).toMatch(/^([a-z0-9.-]+)?$/);
      expect(row.version).toMatch(/^v\d+((alpha|beta)\d+)?$/);
      expect(row.kind).toMatch(/^[A-Z][A-Za-z]+$/);
      // plurals are the lower-cased kind made plural, as the API serves them
      expect(row.plural).toMatch(/^[a-z]+s$/);
      expect(row.plural.startsWith(row.kind.toLowerCase().slice(0, -1))).toBe(
        true,
      );
      expect(['namespaced', 'cluster']).toContain(row.scope);
      expect(FAMILIES).toContain(row.family);
      expect(ROLES).toContain(row.role);
    },
  );

  it('pairs families with the component roles they roll up as', () => {
    const roleOf: Record<string, string[]> = {
      workload: ['Deployment'],
      pod: ['Pod'],
      job: ['Job'],
      cronjob: ['CronJob'],
      build: ['Build'],
      autoscaler: ['none'],
      context: ['none'],
    };
    for (const row of BASE_KINDS.rows()) {
      expect([row.kind, roleOf[row.family]]).toEqual([
        row.kind,
        expect.arrayContaining([row.role]),
      ]);
    }
  });

  it('has one row per kind and API group, and a rule file per rule', () => {
    const keys = BASE_KINDS.keys();
    expect(new Set(keys).size).toBe(keys.length);
    expect(SUPPORTED_KINDS).toEqual(keys);
    const rulesDir = path.join(__dirname, 'rules');
    const files = fs.readdirSync(rulesDir);
    // file names that do not follow evaluateFooBar -> rules/fooBar.ts
    const named: Record<string, string> = {
      evaluateHorizontalPodAutoscaler: 'hpa.ts',
      evaluateJobOrBuild: 'job.ts',
    };
    for (const row of BASE_KINDS.rows()) {
      const name = row.rule.name.replace(/^evaluate/, '');
      const candidates = [
        named[row.rule.name],
        `${name[0].toLowerCase()}${name.slice(1)}.ts`,
        `${name.toLowerCase()}.ts`,
      ];
      expect([row.kind, files.some(f => candidates.includes(f))]).toEqual([
        row.kind,
        true,
      ]);
    }
  });

  it('judges each row: an object of every kind gets a verdict from its rule, not "unsupported"', () => {
    for (const row of BASE_KINDS.rows()) {
      const obj = {
        apiVersion: row.group ? `${row.group}/${row.version}` : row.version,
        kind: row.kind,
        metadata: { name: 'x', namespace: 'shop' },
      };
      const status = evaluateObject(obj, [], ctx);
      expect([row.kind, status.reasons.map(r => r.code)]).not.toEqual([
        row.kind,
        expect.arrayContaining(['UnsupportedKind', 'UnsupportedApiVersion']),
      ]);
      // the projection keeps what identifies the object
      expect(projectObject(obj)).toMatchObject({
        apiVersion: obj.apiVersion,
        kind: row.kind,
      });
    }
  });

  it('looks kinds up by API group: aliases, objects without apiVersion, Knative vs core Service', () => {
    const lookup = (apiVersion: string | undefined, kind: string) =>
      BASE_KINDS.lookup({ ...(apiVersion ? { apiVersion } : {}), kind })?.kind;
    expect(lookup('extensions/v1beta1', 'Deployment')).toBe('Deployment');
    expect(lookup(undefined, 'Deployment')).toBe('Deployment');
    expect(lookup(undefined, 'Rollout')).toBe('Rollout');
    expect(lookup('serving.knative.dev/v1', 'Service')).toBe('Service');
    expect(lookup('v1', 'Service')).toBeUndefined();
    expect(lookup(undefined, 'Service')).toBeUndefined();
    expect(lookup('example.com/v1', 'Rollout')).toBeUndefined();
    expect(BASE_KINDS.isKnownKind('Deployment', 'example.com')).toBe(true);
    expect(BASE_KINDS.isKnownKind('Service', '')).toBe(false);
  });

  it('never changes: `with` returns a new table, rows are frozen', () => {
    const before = BASE_KINDS.keys();
    const row: KindRow = {
      group: 'example.com',
      version: 'v1',
      kind: 'Widget',
      plural: 'widgets',
      scope: 'namespaced',
      family: 'workload',
      role: 'Deployment',
      rule: () => ({ lifecycle: 'Running', health: 'ok', reasons: [] }),
      projection: { status: true },
    };
    const extended = BASE_KINDS.with(row);
    expect(extended.keys()).toEqual([...before, 'example.com/Widget']);
    expect(BASE_KINDS.keys()).toEqual(before);
    expect(Object.isFrozen(BASE_KINDS.rows())).toBe(true);
    expect(Object.isFrozen(BASE_KINDS.rows()[0])).toBe(true);
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
    };
    expect(evaluateObject(widget, [], ctx).health).toBe('unknown');
    expect(evaluateObject(widget, [], ctx, extended).health).toBe('ok');
    // a row for a known kind replaces the engine's, in place of a duplicate
    const replaced = BASE_KINDS.with({
      ...row,
      group: 'apps',
      kind: 'Deployment',
      plural: 'deployments',
    });
    expect(replaced.keys()).toHaveLength(before.length);
    expect(
      evaluateObject(
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } },
        [],
        ctx,
        replaced,
      ).lifecycle,
    ).toBe('Running');
  });
});
