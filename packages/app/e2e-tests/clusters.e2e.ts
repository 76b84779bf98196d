/*
 * The clusters page and the down cluster of the demo: `edge` never answers
 * (packages/cluster-simulator/scenarios/demo.yaml). The page, reached from
 * the sidebar, shows it down and production up; an entity with nothing in
 * edge gets a grey note, not a red banner, while edge-gateway, whose
 * annotation names edge, keeps its banner.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { baseUrl, guestSession, openStatusTab, screenshot } from './browser.ts';

const session = guestSession();

/** A cluster's card on the clusters page, by the name a reader sees. */
const clusterRegion = (page: Page, name: string) =>
  page.getByRole('region', { name: `Cluster ${name}` });

test('the clusters page, reached from the sidebar, shows edge down and production up', async () => {
  const page = session.page;
  await page.goto(`${baseUrl}/catalog`);
  await page.getByRole('link', { name: 'Clusters' }).first().click();
  await page.waitForURL(/\/workload-status\/clusters$/);
  await page.getByRole('heading', { name: 'Clusters' }).first().waitFor();

  // the backend may still be listing production on a cold start: the page
  // reads once per visit, so look again until it has
  const deadline = Date.now() + 60_000;
  for (;;) {
    const production = clusterRegion(page, 'production');
    await production.waitFor({ timeout: 30_000 });
    if (/\bUp\b/.test(await production.innerText())) break;
    assert.ok(Date.now() < deadline, 'production never came up');
    await page.waitForTimeout(2000);
    await page.reload();
  }
  const edge = clusterRegion(page, 'edge');
  const edgeText = await edge.innerText();
  assert.match(edgeText, /\bDown\b/);
  assert.match(edgeText, /Reachable\s+no/);
  assert.match(edgeText, /Last sync\s+never/);
  // every resource type of edge is listed with its failing watch
  const edgeRows = edge
    .getByRole('table', { name: 'Resource types watched in edge' })
    .getByRole('row');
  assert.ok((await edgeRows.count()) > 2, 'edge lists its resource types');
  assert.match(await edgeRows.nth(1).innerText(), /Failing/);
  const productionRows = clusterRegion(page, 'production')
    .getByRole('table', { name: 'Resource types watched in production' })
    .getByRole('row')
    .filter({ hasText: 'deployments.apps' });
  assert.match(await productionRows.first().innerText(), /Watching/);
  // off the sidebar, so that it folds back before the shot
  await page.mouse.move(900, 400);
  await page.waitForTimeout(500);
  await screenshot(page, 'clusters-page');
});

test('an entity with nothing in edge gets a grey note, no red banner', async () => {
  const page = session.page;
  await openStatusTab(page, 'storefront');
  await page
    .getByText(/Cluster edge has not been read yet/)
    .first()
    .waitFor({ timeout: 30_000 });
  assert.equal(
    await page
      .getByRole('alert')
      .filter({ hasText: /Cluster edge/ })
      .count(),
    0,
    'no banner about edge on storefront',
  );
  // the note's hint leads to the clusters page
  await page
    .getByRole('link', { name: 'Go to the clusters page' })
    .first()
    .click();
  await page.waitForURL(/\/workload-status\/clusters$/);
  await clusterRegion(page, 'edge').waitFor({ timeout: 30_000 });
});

test('edge-gateway, whose annotation names edge, keeps its banner', async () => {
  const page = session.page;
  await openStatusTab(page, 'edge-gateway');
  await page
    .getByRole('alert')
    .filter({ hasText: /Cluster edge cannot be reached/ })
    .first()
    .waitFor({ timeout: 30_000 });
});
