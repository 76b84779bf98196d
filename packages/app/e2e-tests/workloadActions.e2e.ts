/*
 * The workload actions menu and pod delete against the demo scenario, as
 * the guest (a member of team-shop and team-data, the owners of the
 * services acted on). Every test leaves its service as the demo had it
 * (replicas, revision), so the other browser tests, in any order, find
 * the demo as they expect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { guestSession, openStatusTab, screenshot } from './browser.ts';

const session = guestSession();

/**
 * Runs a test's steps; on failure keeps a screenshot and the page's HTML
 * (in the screenshot directory) to see what the page showed.
 */
async function shotOnFailure(name: string, steps: () => Promise<void>) {
  try {
    await steps();
  } catch (e) {
    await screenshot(session.page, `failed-${name}`).catch(() => {});
    const html = await session.page.content().catch(() => '');
    await writeFile(
      join(
        process.env.E2E_SCREENSHOT_DIR ?? '.run/screenshots',
        `failed-${name}.html`,
      ),
      html,
    ).catch(() => {});
    throw e;
  }
}

/**
 * The card of one workload of the production cluster: the nearest
 * ancestor of its actions button that also holds its facts (a production
 * build has no stable class names to find the card by).
 */
function card(page: Page, namespace: string, name: string): Locator {
  return page
    .getByTestId(`workload-actions-production-${namespace}-${name}`)
    .locator('xpath=ancestor::*[.//dl][1]');
}

/** Opens the actions menu of a card and picks an action. */
async function choose(page: Page, scope: Locator, action: string) {
  await scope.getByRole('button', { name: /^Actions on / }).click();
  await page.getByTestId(`workload-action-${action}`).click();
}

/** Confirms the open dialog of an action and waits for it to close. */
async function confirm(page: Page, action: string) {
  const dialog = page.getByTestId(`workload-${action}-dialog`);
  await page.getByTestId(`workload-${action}-dialog-confirm`).click();
  await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
}

/** The names of the pods a card's table lists now. */
async function podNames(scope: Locator, prefix: string): Promise<string[]> {
  const names = await scope
    .getByRole('button', {
      name: new RegExp(`^${prefix}-[a-z0-9]+-[a-z0-9]+$`),
    })
    .allInnerTexts();
  return names.map(n => n.trim()).sort();
}

/** Polls `check` for up to `ms`, failing with `what`. */
async function until(
  page: Page,
  what: string,
  check: () => Promise<boolean>,
  ms = 120_000,
) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `timed out: ${what}`);
    await page.waitForTimeout(1000);
  }
}

/** A card's replicas line: "3/3 ready, 3 updated, 3 available". */
function replicas(scope: Locator, ready: number, desired: number): Locator {
  return scope.getByText(new RegExp(`^${ready}/${desired} ready,`));
}

test('restart storefront: new pods replace the old ones', async () => {
  await shotOnFailure('restart', async () => {
    const { page } = session;
    await openStatusTab(page, 'storefront');
    const storefront = card(page, 'shop', 'storefront');
    await replicas(storefront, 3, 3).waitFor({ timeout: 60_000 });
    // the pods table renders after the replicas line, and a pod of an
    // earlier test's rollout may still be terminating: wait for three
    let before: string[] = [];
    await until(
      page,
      'three storefront pods listed',
      async () => {
        before = await podNames(storefront, 'storefront');
        return before.length === 3;
      },
      60_000,
    );
    await choose(page, storefront, 'restart');
    await confirm(page, 'restart');
    await until(page, 'three new storefront pods', async () => {
      const now = await podNames(storefront, 'storefront');
      return now.length === 3 && now.every(n => !before.includes(n));
    });
    await replicas(storefront, 3, 3).waitFor({ timeout: 90_000 });
  });
});

test('stop storefront shows Stopped; start brings back its 3 replicas', async () => {
  await shotOnFailure('stop-start', async () => {
    const { page } = session;
    await openStatusTab(page, 'storefront');
    const storefront = card(page, 'shop', 'storefront');
    await replicas(storefront, 3, 3).waitFor({ timeout: 60_000 });
    await choose(page, storefront, 'stop');
    await confirm(page, 'stop');
    await storefront
      .getByLabel(/^Stopped/)
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'workload-stopped');
    // the cluster's state, not the page's
    await openStatusTab(page, 'storefront');
    await card(page, 'shop', 'storefront')
      .getByLabel(/^Stopped/)
      .first()
      .waitFor({ timeout: 30_000 });
    await choose(page, card(page, 'shop', 'storefront'), 'start');
    await confirm(page, 'start');
    await replicas(card(page, 'shop', 'storefront'), 3, 3).waitFor({
      timeout: 120_000,
    });
    await card(page, 'shop', 'storefront')
      .getByLabel(/^Running/)
      .first()
      .waitFor({ timeout: 60_000 });
  });
});

test('start legacy-export, scaled to zero outside the plugin: the dialog asks how many replicas', async () => {
  await shotOnFailure('legacy-export', async () => {
    const { page } = session;
    await openStatusTab(page, 'legacy-export');
    const legacy = () => card(page, 'data', 'legacy-export');
    await legacy()
      .getByLabel(/^Stopped/)
      .first()
      .waitFor({ timeout: 30_000 });
    await choose(page, legacy(), 'start');
    await page.getByTestId('workload-start-dialog-confirm').click();
    const input = page.getByTestId('workload-start-dialog-replicas');
    await input.waitFor({ timeout: 30_000 });
    await page
      .getByRole('dialog')
      .getByText(/How many should it start with\?/)
      .waitFor();
    await screenshot(page, 'workload-start-asks-replicas');
    await input.fill('1');
    await confirm(page, 'start');
    await replicas(legacy(), 1, 1).waitFor({ timeout: 120_000 });
    // back to the demo's state: zero replicas, nothing remembered
    await choose(page, legacy(), 'scale');
    await page.getByTestId('workload-scale-dialog-replicas').fill('0');
    await confirm(page, 'scale');
    await legacy()
      .getByLabel(/^Stopped/)
      .first()
      .waitFor({ timeout: 60_000 });
  });
});

test('scale payments to 1 and back to 3', async () => {
  await shotOnFailure('payments', async () => {
    const { page } = session;
    await openStatusTab(page, 'payments');
    const payments = card(page, 'shop', 'payments');
    await payments.getByText(/^\d+\/3 ready,/).waitFor({ timeout: 60_000 });
    await choose(page, payments, 'scale');
    await page.getByTestId('workload-scale-dialog-replicas').fill('1');
    await confirm(page, 'scale');
    await payments.getByText(/^\d+\/1 ready,/).waitFor({ timeout: 30_000 });
    await choose(page, payments, 'scale');
    await page.getByTestId('workload-scale-dialog-replicas').fill('3');
    await confirm(page, 'scale');
    await payments.getByText(/^\d+\/3 ready,/).waitFor({ timeout: 30_000 });
  });
});

test('roll back search: its ImagePullBackOff ends', async () => {
  await shotOnFailure('search', async () => {
    const { page } = session;
    await openStatusTab(page, 'search');
    const search = card(page, 'shop', 'search');
    await search
      .getByText(/ImagePullBackOff|ErrImagePull/)
      .first()
      .waitFor({ timeout: 90_000 });
    await choose(page, search, 'rollback');
    await confirm(page, 'rollback');
    await until(page, 'no more ImagePullBackOff on search', async () => {
      const pulling = await search
        .getByText(/ImagePullBackOff|ErrImagePull/)
        .count();
      const ready = await replicas(search, 3, 3).count();
      return pulling === 0 && ready > 0;
    });
    await screenshot(page, 'workload-rolled-back');
    // back to the demo's state: rolling back again restores the broken revision
    await choose(page, search, 'rollback');
    await confirm(page, 'rollback');
    await search
      .getByText(/ImagePullBackOff|ErrImagePull/)
      .first()
      .waitFor({ timeout: 120_000 });
  });
});

test('delete one checkout pod: a new one takes its place', async () => {
  await shotOnFailure('checkout-pod', async () => {
    const { page } = session;
    await openStatusTab(page, 'checkout');
    const checkout = card(page, 'shop', 'checkout');
    await until(
      page,
      'checkout pods listed',
      async () => (await podNames(checkout, 'checkout')).length > 0,
      60_000,
    );
    const before = await podNames(checkout, 'checkout');
    const victim = before[0];
    await checkout.getByRole('button', { name: victim }).click();
    const drawer = page.getByRole('dialog', { name: `Pod ${victim}` });
    await drawer.getByTestId('pod-delete').click();
    await page.getByTestId('pod-delete-dialog-confirm').click();
    await page
      .getByTestId('pod-delete-dialog')
      .waitFor({ state: 'hidden', timeout: 30_000 });
    await page.keyboard.press('Escape');
    await until(
      page,
      'a new checkout pod in place of the deleted one',
      async () => {
        const now = await podNames(checkout, 'checkout');
        return (
          !now.includes(victim) &&
          now.some(n => !before.includes(n)) &&
          now.length === before.length
        );
      },
    );
  });
});

test('scale recommendations is refused (an HPA scales it); the operator log says why, and who scaled payments', async () => {
  await shotOnFailure('hpa-refusal', async () => {
    const { page } = session;
    await openStatusTab(page, 'recommendations');
    const recommendations = card(page, 'shop', 'recommendations');
    await choose(page, recommendations, 'scale');
    await page.getByTestId('workload-scale-dialog-replicas').fill('5');
    await page.getByTestId('workload-scale-dialog-confirm').click();
    await page
      .getByRole('dialog')
      .getByText(/is scaled by HorizontalPodAutoscaler shop\/recommendations/)
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    // a fresh page reads the operator log from the backend
    await openStatusTab(page, 'recommendations');
    const log = page.getByTestId('operator-log-panel');
    await log
      .getByText(/could not scale Deployment shop\/recommendations/)
      .first()
      .waitFor({ timeout: 30_000 });
    await log
      .getByText(/is scaled by HorizontalPodAutoscaler shop\/recommendations/)
      .first()
      .waitFor();
    await screenshot(page, 'operator-log-action-refused');
    await openStatusTab(page, 'payments');
    await page
      .getByTestId('operator-log-panel')
      .getByText(/guest scaled Deployment shop\/payments/)
      .first()
      .waitFor({ timeout: 30_000 });
  });
});
