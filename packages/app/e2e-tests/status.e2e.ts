/*
 * The Status tab, the catalog column and the tooltips against the demo
 * scenario of the simulated cluster (packages/cluster-simulator/scenarios/
 * demo.yaml). The demo keeps moving (storefront rolls out every 3 minutes,
 * cron jobs run on schedule), so where a state legitimately alternates the
 * expectation names every state the scenario allows, and nothing else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import {
  baseUrl,
  chipName,
  guestSession,
  openStatusTab,
  screenshot,
} from './browser.ts';

const session = guestSession();

/** A status chip, found the way a screen reader announces it. */
function chip(scope: Page | Locator, name: RegExp): Locator {
  return scope.getByLabel(chipName(name)).first();
}

test('the catalog column is filled from one summaries request per page', async () => {
  // leave the app first: the page sign-in landed on may still be loading
  // its own column, and its request must not count for this one
  await session.page.goto('about:blank');
  const summaryRequests: string[] = [];
  const listener = (request: { url(): string; method(): string }) => {
    if (request.url().includes('/api/workload-status/v1/summaries')) {
      summaryRequests.push(request.method());
    }
  };
  session.page.on('request', listener);
  await session.page.goto(`${baseUrl}/catalog?filters%5Bkind%5D=component`);
  const table = session.page.getByRole('table');
  const checkoutRow = table.getByRole('row').filter({ hasText: 'checkout' });
  // the column is filled once checkout's row has a chip; which one is the
  // Status tab tests' (checkout flaps between a crash, error, and a short
  // run, warning)
  await chip(checkoutRow, /^[A-Za-z]+ \((error|warning)\)$/)
    .waitFor({ timeout: 60_000 })
    .catch(async e => {
      // say what the row showed instead
      const labels = await checkoutRow
        .locator('[aria-label]')
        .evaluateAll(els => els.map(el => el.getAttribute('aria-label')));
      const rows = await checkoutRow.count();
      throw new Error(
        `${e}; ${rows} row(s), labels: ${JSON.stringify(labels)}`,
      );
    });
  const legacyRow = table.getByRole('row').filter({ hasText: 'legacy-export' });
  await chip(legacyRow, /Stopped \(stopped\)/).waitFor();
  // later rows must not have been fetched one by one
  await session.page.waitForTimeout(1500);
  session.page.off('request', listener);
  assert.deepEqual(summaryRequests, ['POST']);
  await screenshot(session.page, 'catalog-column');
});

test('the column sorts by severity', async () => {
  const header = session.page
    .getByRole('columnheader', { name: /status/i })
    .first();
  await header.click();
  const rows = session.page.getByRole('table').getByRole('row');
  // after an ascending severity sort the first data row is an error (worst first)
  const first = rows.nth(1);
  await chip(
    first,
    /\((error|unknown|warning|stopped|healthy|progressing)\)/,
  ).waitFor();
  const labels = await session.page
    .getByRole('table')
    .locator('[aria-label$=")"][data-health]')
    .evaluateAll(els => els.map(e => e.getAttribute('data-health')));
  // HEALTH_ORDER of plugins/workload-status-common, worst first
  const rank: Record<string, number> = {
    error: 0,
    unknown: 1,
    warning: 2,
    progressing: 3,
    stopped: 4,
    ok: 5,
  };
  const ranks = labels.map(h => rank[h ?? 'unknown']);
  const ascending = ranks.every((r, i) => i === 0 || ranks[i - 1] <= r);
  const descending = ranks.every((r, i) => i === 0 || ranks[i - 1] >= r);
  assert.ok(
    ascending || descending,
    `rows ordered by severity: ${labels.join(', ')}`,
  );
});

/** What each demo entity's Status tab must say (docs/simulator.md, demo.yaml). */
const DEMO: Array<{
  entity: string;
  chips: RegExp[];
  text?: RegExp[];
  screenshot?: string;
}> = [
  {
    entity: 'storefront',
    // rolls out every 3 minutes
    chips: [
      /^Deployment: (Running|Waiting) \((healthy|progressing)\)$/,
      /^Pod: Running \((healthy|progressing)\)$/,
    ],
    screenshot: 'status-healthy',
  },
  {
    entity: 'checkout',
    chips: [
      /^Deployment: NotReady \(error\)$/,
      /^Pod: CrashLoopBackOff \(error\)$/,
    ],
    text: [/crash|CrashLoopBackOff/i],
    screenshot: 'status-failing',
  },
  {
    entity: 'search',
    chips: [/^Pod: (ErrImagePull|ImagePullBackOff) \(error\)$/],
    text: [/search:1\.9\.0/],
  },
  {
    entity: 'payments',
    // a slow rollout: its new pod may take longer than the 30 s readiness
    // budget (ReadinessProbeFailing, warning) before it is ready
    chips: [
      /^Deployment: (Waiting|Running) \((progressing|healthy|warning)\)$/,
    ],
  },
  {
    entity: 'recommendations',
    chips: [/^Build: Failed \(error\)$/, /^Deployment: Running \(healthy\)$/],
    screenshot: 'status-build-failed',
  },
  {
    entity: 'legacy-export',
    chips: [/^Deployment: Stopped \(stopped\)$/],
    text: [/scaled to zero/i],
  },
  {
    entity: 'inventory-db',
    chips: [/^StatefulSet: Running \(healthy\)$/],
  },
  {
    entity: 'log-shipper',
    // node-3 stops answering 60 s into the demo: its pod's state is unknown
    chips: [/^DaemonSet: (Running \(healthy\)|Exception \(unknown\))$/],
  },
  {
    entity: 'nightly-report',
    // a failed run in the history keeps the Job component; a run may be going
    chips: [
      /^CronJob: Started \((error|progressing|healthy)\)$/,
      /^Job: (Failed|Executing|Waiting) \((error|progressing)\)$/,
    ],
    screenshot: 'status-cron',
  },
  {
    entity: 'db-cleanup',
    chips: [/^CronJob: Stopped \(stopped\)$/],
    text: [/suspended/i],
  },
  {
    entity: 'edge-gateway',
    chips: [],
    text: [/edge/, /unreachable|not been read|cannot be reached/i],
  },
];

DEMO.forEach(demo => {
  test(`the Status tab of ${demo.entity} says what the demo implies`, async () => {
    await openStatusTab(session.page, demo.entity);
    for (const name of demo.chips) {
      await chip(session.page, name).waitFor({ timeout: 60_000 });
    }
    for (const text of demo.text ?? []) {
      await session.page.getByText(text).first().waitFor({ timeout: 30_000 });
    }
    if (demo.screenshot) await screenshot(session.page, demo.screenshot);
  });
});

test('hovering a red chip shows its reasons with a hint', async () => {
  await openStatusTab(session.page, 'checkout');
  const pods = chip(session.page, /^Pod: CrashLoopBackOff \(error\)$/);
  await pods.waitFor({ timeout: 60_000 });
  await pods.hover();
  const tooltip = session.page.getByRole('tooltip');
  await tooltip.waitFor();
  const text = await tooltip.innerText();
  assert.match(text, /CrashLoopBackOff/);
  assert.match(text, /checkout-/, 'names the pod');
  assert.match(text, /log/i, 'points to the service log');
  await screenshot(session.page, 'status-tooltip');
  await session.page.mouse.move(0, 0);
  await tooltip.waitFor({ state: 'hidden' });
});

test('the tooltip is reachable by keyboard', async () => {
  await openStatusTab(session.page, 'checkout');
  const target = /^Deployment: NotReady \(error\)$/;
  await chip(session.page, target).waitFor({ timeout: 60_000 });
  let reached = false;
  for (let i = 0; i < 80 && !reached; i++) {
    await session.page.keyboard.press('Tab');
    const label = await session.page.evaluate(
      () => document.activeElement?.getAttribute('aria-label') ?? '',
    );
    reached = target.test(label);
  }
  assert.ok(reached, 'Tab reaches the Deployment chip');
  const tooltip = session.page.getByRole('tooltip');
  await tooltip.waitFor();
  assert.match(await tooltip.innerText(), /checkout/);
  await session.page.keyboard.press('Escape');
});

test('a hint takes the reader to the place it names', async () => {
  const page = session.page;
  await openStatusTab(page, 'checkout');
  const link = page
    .getByRole('button', { name: 'Go to the pods and their logs' })
    .first();
  await link.waitFor({ timeout: 60_000 });
  await link.click();
  await page.waitForFunction(
    () =>
      document.activeElement?.getAttribute('data-hint-target') ===
      'service-log',
  );
  await page
    .getByRole('button', { name: /^checkout-[a-z0-9]+-[a-z0-9]+$/ })
    .first()
    .waitFor();
});
