/*
 * The team overview: the guest (a member of team-shop, team-data and
 * platform in examples/org.yaml) opens "Workload status" from the sidebar
 * and sees every service its teams own, worst first; the health filter
 * narrows the list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { baseUrl, guestSession, screenshot } from './browser.ts';

const session = guestSession();

/** The entity names of the listed rows, top to bottom. */
async function rowNames(page: Page): Promise<string[]> {
  return page
    .getByTestId('team-overview-row')
    .locator('td:nth-child(2)')
    .allInnerTexts()
    .then(names => names.map(n => n.trim()));
}

/** Chooses an option of one of the page's filters. */
async function choose(page: Page, filter: string, option: string) {
  await page.getByRole('button', { name: new RegExp(`^${filter}:`) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  // the menu closes before the next filter is opened
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

test("the guest's services, from the sidebar, worst first; the health filter narrows them", async () => {
  const page = session.page;
  await page.goto(`${baseUrl}/catalog`);
  await page.getByRole('link', { name: 'Workload status' }).first().click();
  await page.waitForURL(/\/workload-status$/);
  const table = page.getByRole('table', {
    name: 'Statuses of the entities your groups own',
  });
  await table.waitFor({ timeout: 30_000 });

  // on a cold start the backend may still be listing the clusters: the page
  // updates itself, so wait for the crash-looping checkout to show as such
  const deadline = Date.now() + 90_000;
  for (;;) {
    const names = await rowNames(page);
    const loading = await page
      .getByTestId('team-overview-row')
      .filter({ hasText: 'Loading…' })
      .count();
    const top = names.slice(0, 3);
    const firstHealth = await page
      .getByTestId('team-overview-row')
      .first()
      .locator('[data-health]')
      .getAttribute('data-health', { timeout: 1000 })
      .catch(() => undefined);
    if (
      !loading &&
      firstHealth === 'error' &&
      (top.includes('checkout') || top.includes('nightly-report'))
    ) {
      break;
    }
    assert.ok(
      Date.now() < deadline,
      `checkout or nightly-report never came near the top: ${names.join(', ')}`,
    );
    await page.waitForTimeout(2000);
  }
  const all = await rowNames(page);
  for (const name of ['checkout', 'nightly-report', 'storefront']) {
    assert.ok(all.includes(name), `${name} is listed (${all.join(', ')})`);
  }

  await choose(page, 'Health', 'error');
  const errors = await rowNames(page);
  assert.ok(errors.length > 0, 'some service is in error');
  assert.ok(errors.length < all.length, 'the filter narrows the list');
  assert.ok(
    errors.includes('checkout') || errors.includes('nightly-report'),
    `checkout or nightly-report in error (${errors.join(', ')})`,
  );
  await page.getByText(`${errors.length} of ${all.length} entities`).waitFor();

  await choose(page, 'Health', 'healthy');
  const healthy = await rowNames(page);
  assert.ok(healthy.length > 0, 'some service is healthy');
  assert.ok(
    healthy.every(n => !errors.includes(n)),
    'no service is both healthy and in error',
  );

  // unfiltered, every service in error comes before every healthy one
  await choose(page, 'Health', 'All healths');
  const order = await rowNames(page);
  const lastError = Math.max(...errors.map(n => order.indexOf(n)));
  const firstHealthy = Math.min(...healthy.map(n => order.indexOf(n)));
  assert.ok(
    lastError < firstHealthy,
    `error before healthy: ${order.join(', ')}`,
  );

  // each row links to the entity's Status tab
  const checkout = page
    .getByTestId('team-overview-row')
    .filter({ hasText: 'checkout' })
    .getByRole('link', { name: 'checkout', exact: true });
  assert.equal(
    await checkout.getAttribute('href'),
    '/catalog/default/component/checkout/status',
  );

  // off the sidebar, so that it folds back before the shot
  await page.mouse.move(900, 400);
  await page.waitForTimeout(500);
  await screenshot(page, 'team-overview');
});
