/*
 * Smoke test of the whole stack: the built app served by the backend, guest
 * sign-in, the catalog, and an entity page with its Status tab showing what
 * the backend computed from the simulated cluster.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  launchBrowser,
  screenshot,
  signInAsGuest,
  baseUrl,
} from './browser.ts';

let browser: Browser;
let page: Page;

before(async () => {
  browser = await launchBrowser();
  page = await signInAsGuest(browser);
});

after(async () => {
  await browser?.close();
});

test('the catalog lists the demo components after guest sign-in', async () => {
  const table = page.getByRole('table');
  await table
    .getByText('storefront', { exact: true })
    .waitFor({ timeout: 30_000 });
  for (const name of ['checkout', 'nightly-report', 'recommendations']) {
    assert.ok(
      await table.getByText(name, { exact: true }).isVisible(),
      `${name} listed`,
    );
  }
  await screenshot(page, 'catalog');
});

test('an annotated entity has a Status tab with its workload status', async () => {
  await page.goto(`${baseUrl}/catalog/default/component/storefront`);
  await page.getByRole('heading', { name: 'storefront' }).first().waitFor();
  await page.getByRole('tab', { name: 'Status' }).click();
  await page.waitForURL(/\/status$/);
  await page.getByText('Workload status').first().waitFor({ timeout: 30_000 });
  await page
    .getByText('Deployment storefront')
    .first()
    .waitFor({ timeout: 60_000 });
  await screenshot(page, 'status-storefront');
});

test('an entity without Kubernetes annotations has no Status tab', async () => {
  await page.goto(`${baseUrl}/catalog/default/component/docs-site`);
  await page.getByRole('heading', { name: 'docs-site' }).first().waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Status' }).count(), 0);
});
