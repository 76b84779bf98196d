/*
 * The new frontend system: the app installs the plugin as a feature from
 * its `/alpha` export and nothing else of it; the Status tab is the
 * plugin's entity content extension.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { screenshot } from '../../packages/app/e2e-tests/browser.ts';
import { guestPageOn, NEW_APP_URL } from './adoptionApp.ts';
import { openStatusTab } from './statusTab.ts';

const session = guestPageOn(NEW_APP_URL);

test('new app: its sources import only the /alpha export of the plugin', () => {
  const src = join(import.meta.dirname, '..', 'project/packages/app-next/src');
  const imports = readdirSync(src).flatMap(file =>
    [
      ...readFileSync(join(src, file), 'utf8').matchAll(
        /from '(@workload-status\/[^']+)'/g,
      ),
    ].map(m => m[1]),
  );
  assert.deepEqual(imports, [
    '@workload-status/backstage-plugin-workload-status/alpha',
  ]);
});

test('new app: the Status tab shows storefront running', async () => {
  await openStatusTab(session.page, NEW_APP_URL, 'storefront');
});

test('new app: the Status tab shows checkout crash-looping', async () => {
  await openStatusTab(session.page, NEW_APP_URL, 'checkout');
  await screenshot(session.page, 'adoption-new-frontend-system');
});

test("new app: the sidebar leads to the plugin's pages", async () => {
  const { page } = session;
  await page.goto(`${NEW_APP_URL}/catalog`);
  // a page extension with a title and an icon becomes a nav item
  await page
    .getByRole('link', { name: 'Workload status' })
    .first()
    .click({ timeout: 30_000 });
  await page.waitForURL(/\/workload-status$/);
  await page.getByRole('link', { name: 'Clusters' }).first().click();
  await page.waitForURL(/\/workload-status\/clusters$/);
  await page
    .getByRole('region', { name: 'Cluster production' })
    .waitFor({ timeout: 30_000 });
});
