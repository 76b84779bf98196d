/*
 * Accessibility of the plugin's pages: axe-core (WCAG 2.0 and 2.1, levels A
 * and AA) on the catalog with its status column, each demo Component's
 * Overview and Status tabs, the System shop's and each Group's default and
 * Status tabs, the clusters page and the team overview. Only the plugin's
 * own elements must pass: they carry a data-workload-status marker (the
 * Status tab, the overview card, every status chip, the team overview), and
 * on a tab or page the plugin fills the whole content area is its own. What
 * axe finds in Backstage's own elements (the catalog table header, for one)
 * is printed as a note and does not fail the test: it is not this plugin's
 * to fix.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Page } from 'playwright-core';
import { baseUrl, guestSession, openStatusTab } from './browser.ts';

const session = guestSession();

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

const pagesWithAxe = new WeakSet<Page>();

/**
 * The session's page, with axe in every document it opens from now on (the
 * tests navigate after taking it). The app's Content Security Policy forbids
 * inline scripts, so axe cannot come in a script tag: the browser injects it
 * as an init script instead.
 */
async function pageWithAxe(): Promise<Page> {
  const page = session.page;
  if (!pagesWithAxe.has(page)) {
    await page.addInitScript({ content: axeSource });
    pagesWithAxe.add(page);
  }
  return page;
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Finding {
  rule: string;
  help: string;
  target: string;
  summary: string;
  ours: boolean;
}

/**
 * Runs axe on the whole page and tells, for each failing element, whether
 * it sits inside one of the plugin's marked elements. The whole page is
 * scanned rather than the marked elements alone so that contrast is judged
 * against the backgrounds Backstage puts behind them.
 */
async function scan(page: Page, ownScope: string): Promise<Finding[]> {
  // let MUI's fades and ripples settle: axe reads the computed colours
  await page.waitForTimeout(800);
  return page.evaluate(
    async ({ tags, scope }) => {
      type AxeNode = { target: unknown[]; failureSummary?: string };
      type AxeViolation = { id: string; help: string; nodes: AxeNode[] };
      const axe = (
        window as unknown as {
          axe: {
            run(
              context: Document,
              options: object,
            ): Promise<{ violations: AxeViolation[] }>;
          };
        }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return result.violations.flatMap(v =>
        v.nodes.map(n => {
          const selector = n.target[0];
          const element =
            typeof selector === 'string'
              ? document.querySelector(selector)
              : null;
          return {
            rule: v.id,
            help: v.help,
            target: n.target.map(t => String(t)).join(' >> '),
            summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
            ours: Boolean(element?.closest(scope)),
          };
        }),
      );
    },
    { tags: WCAG_TAGS, scope: ownScope },
  );
}

/** The plugin's own elements wherever they are placed: they carry a marker. */
const MARKED = '[data-workload-status]';
/**
 * On a tab or page the plugin fills (an entity's Status tab, the clusters
 * page), Backstage's content area holds nothing but the plugin's elements.
 */
const PLUGIN_PAGE = `${MARKED}, main article`;

/** Fails on the plugin's findings; notes Backstage's. */
async function assertAccessible(
  t: TestContext,
  page: Page,
  what: string,
  ownScope: string = MARKED,
) {
  const findings = await scan(page, ownScope);
  const ours = findings.filter(f => f.ours);
  const theirs = findings.filter(f => !f.ours);
  const scanned = await page.locator(ownScope).count();
  t.diagnostic(
    `${what}: ${ours.length} violation(s) in the plugin's elements (${scanned} plugin element(s) on the page), ${theirs.length} in Backstage's`,
  );
  for (const f of theirs) {
    t.diagnostic(`note (not the plugin's): ${f.rule} at ${f.target}`);
  }
  const details = ours.map(f => `${f.rule} at ${f.target}: ${f.summary}`);
  assert.deepEqual(
    details,
    [],
    `${what}: axe violations in the plugin's elements`,
  );
}

interface DemoComponent {
  name: string;
  /** Whether it has the Kubernetes annotations (and so our tab and card). */
  annotated: boolean;
}

function demoComponents(): DemoComponent[] {
  const file = join(import.meta.dirname, '../../../examples/entities.yaml');
  const components: DemoComponent[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const entity = doc.toJS() as {
      kind?: string;
      metadata?: { name?: string; annotations?: Record<string, string> };
    } | null;
    if (entity?.kind !== 'Component' || !entity.metadata?.name) continue;
    components.push({
      name: entity.metadata.name,
      annotated: Object.keys(entity.metadata.annotations ?? {}).some(a =>
        a.startsWith('backstage.io/kubernetes-'),
      ),
    });
  }
  return components;
}

test('the catalog with the status column', async t => {
  const page = await pageWithAxe();
  await page.goto(`${baseUrl}/catalog?filters%5Bkind%5D=component`);
  await page
    .locator('[data-workload-status="status-chip"]')
    .first()
    .waitFor({ timeout: 60_000 });
  await assertAccessible(t, page, 'catalog');
});

for (const component of demoComponents()) {
  if (component.annotated) {
    test(`the Status tab of ${component.name}`, async t => {
      const page = await pageWithAxe();
      await openStatusTab(page, component.name);
      await page
        .locator('[data-workload-status="status-tab"]')
        .waitFor({ timeout: 30_000 });
      await assertAccessible(
        t,
        page,
        `${component.name} Status tab`,
        PLUGIN_PAGE,
      );
    });
  }

  test(`the Overview tab of ${component.name}`, async t => {
    const page = await pageWithAxe();
    await page.goto(`${baseUrl}/catalog/default/component/${component.name}`);
    await page.getByRole('heading', { name: component.name }).first().waitFor();
    if (component.annotated) {
      await page
        .locator('[data-workload-status="overview-card"]')
        .waitFor({ timeout: 30_000 });
    } else {
      await page.getByText('About').first().waitFor();
    }
    await assertAccessible(t, page, `${component.name} Overview tab`);
  });
}

/** Waits until the content area has finished loading (no spinner left). */
async function contentLoaded(page: Page) {
  await page.locator('main article').first().waitFor();
  await page.waitForTimeout(500);
  await page.waitForFunction(
    () => !document.querySelector('main article [role="progressbar"]'),
    undefined,
    { timeout: 30_000 },
  );
}

function exampleGroups(): string[] {
  const file = join(import.meta.dirname, '../../../examples/org.yaml');
  return parseAllDocuments(readFileSync(file, 'utf8')).flatMap(doc => {
    const entity = doc.toJS() as {
      kind?: string;
      metadata?: { name?: string };
    } | null;
    const name = entity?.metadata?.name;
    return entity?.kind === 'Group' && name ? [name] : [];
  });
}

const ROLLUP_ENTITIES = [
  { kind: 'system', name: 'shop' },
  ...exampleGroups().map(name => ({ kind: 'group', name })),
];

for (const entity of ROLLUP_ENTITIES) {
  test(`the ${entity.kind} ${entity.name}: its default tab and its Status tab`, async t => {
    const page = await pageWithAxe();
    const entityUrl = `${baseUrl}/catalog/default/${entity.kind}/${entity.name}`;
    await page.goto(entityUrl);
    await page.getByRole('heading', { name: entity.name }).first().waitFor();
    await contentLoaded(page);
    await assertAccessible(t, page, `${entity.kind} ${entity.name}`);
    await page.goto(`${entityUrl}/status`);
    await page.getByRole('heading', { name: entity.name }).first().waitFor();
    await contentLoaded(page);
    await assertAccessible(
      t,
      page,
      `${entity.kind} ${entity.name} Status tab`,
      PLUGIN_PAGE,
    );
  });
}

test('the clusters page', async t => {
  const page = await pageWithAxe();
  await page.goto(`${baseUrl}/workload-status/clusters`);
  await contentLoaded(page);
  await page.getByText('edge').first().waitFor({ timeout: 30_000 });
  await assertAccessible(t, page, 'clusters page', PLUGIN_PAGE);
});

test('the team overview', async t => {
  const page = await pageWithAxe();
  await page.goto(`${baseUrl}/workload-status`);
  await contentLoaded(page);
  await page
    .getByRole('table', { name: 'Statuses of the entities your groups own' })
    .waitFor({ timeout: 30_000 });
  await page.getByTestId('team-overview-row').first().waitFor();
  await assertAccessible(t, page, 'team overview', PLUGIN_PAGE);
});
