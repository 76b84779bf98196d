/*
 * Smoke test of the whole stack: the built app served by the backend, guest
 * sign-in, the catalog, and an entity page with its Status tab showing what
 * the backend computed from the simulated cluster.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, guestSession, screenshot } from './browser.ts';

const session = guestSession();

test('the catalog lists the demo components after guest sign-in', async () => {
  const table = session.page.getByRole('table');
  await table
    .getByText('storefront', { exact: true })
    .waitFor({ timeout: 30_000 });
  for (const name of ['checkout', 'nightly-report', 'recommendations']) {
    assert.ok(
      await table.getByText(name, { exact: true }).isVisible(),
      `${name} listed`,
    );
  }
  await screenshot(session.page, 'catalog');
});

test('an annotated entity has a Status tab with its workload status', async () => {
  await session.page.goto(`${baseUrl}/catalog/default/component/storefront`);
  await session.page
    .getByRole('heading', { name: 'storefront' })
    .first()
    .waitFor();
  await session.page.getByRole('tab', { name: 'Status' }).click();
  await session.page.waitForURL(/\/status$/);
  await session.page
    .getByText('Workload status')
    .first()
    .waitFor({ timeout: 30_000 });
  await session.page
    .getByText('Deployment storefront')
    .first()
    .waitFor({ timeout: 60_000 });
  await screenshot(session.page, 'status-storefront');
});

test('an entity without Kubernetes annotations has no Status tab', async () => {
  await session.page.goto(`${baseUrl}/catalog/default/component/docs-site`);
  await session.page
    .getByRole('heading', { name: 'docs-site' })
    .first()
    .waitFor();
  assert.equal(
    await session.page.getByRole('tab', { name: 'Status' }).count(),
    0,
  );
});
