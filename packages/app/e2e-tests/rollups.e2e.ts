/*
 * System and Group statuses (rollups) in the demo: the System shop's Status
 * tab shows the worst of its Components' statuses with counts per health,
 * then its members worst first; a Group's Status tab (examples/org.yaml)
 * shows the entities it and its child teams own; the catalog column shows
 * the rollup on System rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { baseUrl, guestSession, screenshot } from './browser.ts';

const session = guestSession();

const HEALTH_ORDER = [
  'error',
  'unknown',
  'warning',
  'progressing',
  'stopped',
  'ok',
];

/** A System's or Group's Status tab, once its rollup has members listed. */
async function openRollupTab(page: Page, kind: string, name: string) {
  // the backend reads the catalog shortly after it starts: look again
  // until the rollup has its members
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(`${baseUrl}/catalog/default/${kind}/${name}/status`);
    await page.getByRole('heading', { name }).first().waitFor();
    const rollup = page.locator('[data-workload-status="rollup"]');
    await rollup.waitFor({ timeout: 30_000 });
    if (
      (await page.getByRole('table', { name: 'Members by severity' }).count()) >
      0
    ) {
      return;
    }
    assert.ok(Date.now() < deadline, `${kind} ${name} never listed members`);
    await page.waitForTimeout(2000);
  }
}

/** The members' healths, in the order of their rows. */
async function memberHealths(page: Page): Promise<string[]> {
  const rows = page
    .getByRole('table', { name: 'Members by severity' })
    .locator('tbody tr');
  return rows.evaluateAll(trs =>
    trs.map(tr => tr.getAttribute('data-health') ?? ''),
  );
}

function assertWorstFirst(healths: string[]) {
  const ranks = healths.map(h => HEALTH_ORDER.indexOf(h));
  assert.ok(
    ranks.every(r => r >= 0),
    `unknown healths: ${healths.join()}`,
  );
  assert.deepEqual(
    ranks,
    [...ranks].sort((a, b) => a - b),
    'members are worst first',
  );
}

/** The rollup chip's health: the worst member's. */
async function rollupHealth(page: Page): Promise<string | null> {
  return page
    .locator(
      '[data-workload-status="rollup"] [data-workload-status="status-chip"]',
    )
    .first()
    .getAttribute('data-health');
}

test("the System shop's Status tab shows its rollup and its members by severity", async () => {
  const page = session.page;
  await openRollupTab(page, 'system', 'shop');
  const healths = await memberHealths(page);
  // examples/entities.yaml puts a dozen Components in shop
  assert.ok(healths.length >= 5, `shop lists ${healths.length} members`);
  assertWorstFirst(healths);
  assert.equal(await rollupHealth(page), healths[0]);
  // the demo always has a failing service in shop (a crash loop, a failed run)
  assert.equal(healths[0], 'error');
  // counts in words, worst first: the first is the worst member's health
  const counts = await page.getByTestId('rollup-counts').innerText();
  assert.match(counts, /^\d+ error\b/);
  // each member links to its own Status tab
  const first = page
    .getByRole('table', { name: 'Members by severity' })
    .locator('tbody tr')
    .first()
    .getByRole('link');
  assert.match(
    (await first.getAttribute('href')) ?? '',
    /\/catalog\/default\/component\/[^/]+\/status$/,
  );
  await screenshot(page, 'status-system');
});

test("a Group's Status tab shows the rollup of what it and its child teams own", async () => {
  const page = session.page;
  await openRollupTab(page, 'group', 'team-shop');
  const teamShop = await memberHealths(page);
  assertWorstFirst(teamShop);
  assert.equal(await rollupHealth(page), teamShop[0]);
  await screenshot(page, 'status-group');

  // engineering owns nothing itself: its teams' entities roll up into it
  await openRollupTab(page, 'group', 'engineering');
  const engineering = await memberHealths(page);
  assertWorstFirst(engineering);
  assert.ok(
    engineering.length > teamShop.length,
    `engineering (${engineering.length}) takes in team-shop (${teamShop.length}) and the other teams`,
  );
});

test('the catalog column shows the rollup on System rows', async () => {
  const page = session.page;
  await page.goto(`${baseUrl}/catalog?filters%5Bkind%5D=system`);
  const shopRow = page
    .getByRole('table')
    .getByRole('row')
    .filter({ hasText: 'shop' });
  await shopRow
    .locator('[data-workload-status="status-chip"]')
    .first()
    .waitFor({ timeout: 60_000 });
  assert.match(
    await shopRow.getByTestId('rollup-counts').innerText(),
    /\d+ \w+/,
  );
});
