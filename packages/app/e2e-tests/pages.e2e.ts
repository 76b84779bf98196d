/*
 * Every page a user can reach from the catalog: each entity of the example
 * catalog (examples/*.yaml), each of its tabs, as a newcomer clicks through
 * them. A page error (an uncaught exception) or an error panel in place of
 * a card fails the test: the Overview tabs once crashed on a missing API
 * while every Status-tab test passed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Page } from 'playwright-core';
import { baseUrl, guestSession } from './browser.ts';

const session = guestSession();

interface CatalogEntry {
  kind: string;
  namespace: string;
  name: string;
}

function exampleEntities(): CatalogEntry[] {
  const dir = join(import.meta.dirname, '../../../examples');
  const entries: CatalogEntry[] = [];
  for (const file of readdirSync(dir).filter(f => f.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(
      readFileSync(join(dir, file), 'utf8'),
    )) {
      const entity = doc.toJS() as {
        kind?: string;
        metadata?: { name?: string; namespace?: string };
      } | null;
      if (!entity?.kind || !entity.metadata?.name) continue;
      if (entity.kind === 'Location') continue;
      entries.push({
        kind: entity.kind.toLocaleLowerCase('en-US'),
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      });
    }
  }
  return entries;
}

/**
 * What Backstage shows in place of a broken card or page: the plugin error
 * boundary's "Error in <plugin>", ErrorPanel's "Error: ...", and the API
 * registry's NotImplementedError.
 */
const ERROR_PANEL = /^(Error in [\w-]+|Error: .+|NotImplementedError.*)$/;

async function errorPanels(page: Page): Promise<string[]> {
  const texts = await page
    .locator('main h1, main h2, main h3, main h4, main h5, main h6, main p')
    .allInnerTexts();
  return texts.map(t => t.trim()).filter(t => ERROR_PANEL.test(t));
}

async function settle(page: Page) {
  // progress bars are Backstage's loading state; a card still loading
  // cannot show its error yet
  await page
    .getByRole('progressbar')
    .first()
    .waitFor({ state: 'detached', timeout: 20_000 })
    .catch(() => undefined);
  await page.waitForTimeout(500);
}

test('every tab of every example entity renders without an error', async () => {
  const page = session.page;
  const pageErrors: string[] = [];
  page.on('pageerror', e => pageErrors.push(`${page.url()}: ${e.message}`));
  const problems: string[] = [];
  const entities = exampleEntities();
  assert.ok(entities.length >= 15, `example entities: ${entities.length}`);

  for (const { kind, namespace, name } of entities) {
    const url = `${baseUrl}/catalog/${namespace}/${kind}/${name}`;
    await page.goto(url);
    await page
      .getByRole('heading', { name, exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    // textContent: the tabs' inner text is upper-cased by CSS
    const tabs = await page
      .getByRole('tab')
      .evaluateAll(els => els.map(e => e.textContent?.trim() ?? ''));
    assert.ok(tabs.length > 0, `${kind}:${name} has tabs`);
    for (const tab of tabs) {
      await page.getByRole('tab', { name: tab, exact: true }).first().click();
      await settle(page);
      for (const panel of await errorPanels(page)) {
        problems.push(`${kind}:${namespace}/${name} tab "${tab}": ${panel}`);
      }
    }
  }
  assert.deepEqual(pageErrors, [], 'no uncaught page errors');
  assert.deepEqual(problems, [], 'no error panels');
});

test('every sidebar entry opens a page without an error', async () => {
  const page = session.page;
  const pageErrors: string[] = [];
  page.on('pageerror', e => pageErrors.push(`${page.url()}: ${e.message}`));
  await page.goto(`${baseUrl}/catalog`);
  // the sidebar renders twice (desktop and mobile); one is hidden
  const links = page.locator('nav[aria-label="sidebar nav"] a[href^="/"]');
  await links.first().waitFor({ state: 'attached' });
  const hrefs = await links.evaluateAll(as =>
    as.map(a => a.getAttribute('href') ?? ''),
  );
  assert.ok(hrefs.length > 0, 'the sidebar has entries');
  const problems: string[] = [];
  for (const href of [...new Set(hrefs)]) {
    await page.goto(`${baseUrl}${href}`);
    await settle(page);
    for (const panel of await errorPanels(page)) {
      problems.push(`${href}: ${panel}`);
    }
  }
  assert.deepEqual(pageErrors, [], 'no uncaught page errors');
  assert.deepEqual(problems, [], 'no error panels');
});
