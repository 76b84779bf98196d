/*
 * Container usage in the demo: the production cluster has metrics-server
 * (metrics.k8s.io in the simulated cluster; app-config.e2e.yaml samples it
 * every 5 s), so the pods tables show CPU and memory against requests and
 * limits; thumbnailer leaks memory (docs/simulator.md, memory-leak): above
 * 90 % of its limit 15 s into each 11-minute run, so its memory warning is
 * there at almost any time, and within a run's first 30 s at worst.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guestSession, openStatusTab, screenshot } from './browser.ts';

const session = guestSession();

test('the pods table of storefront shows CPU and memory usage against requests and limits', async () => {
  const { page } = session;
  await openStatusTab(page, 'storefront');
  const table = page.getByRole('table', { name: 'Pods of storefront' });
  // storefront's web container: requests 100m CPU and 128Mi, limit 256Mi
  await table
    .getByRole('progressbar', {
      name: /^Memory of container web: \d+ MiB of 256 MiB limit \(\d+ %\)$/,
    })
    .first()
    .waitFor({ timeout: 45_000 });
  await table
    .getByRole('progressbar', {
      name: /^CPU of container web: [\d.]+m of 100m request \(\d+ %\)$/,
    })
    .first()
    .waitFor();
  const headers = await table.getByRole('columnheader').allInnerTexts();
  assert.ok(
    headers.includes('CPU') && headers.includes('Memory'),
    `${headers}`,
  );
  // the figures are in words too, not in the bar alone
  assert.match(
    await table.getByRole('row').nth(1).innerText(),
    /\d+ MiB \/ 256 MiB limit/,
  );
});

test('thumbnailer warns that its pod is close to its memory limit before it is OOM-killed', async () => {
  const { page } = session;
  await openStatusTab(page, 'thumbnailer');
  const warning = page
    .getByText(
      /Container resizer of pod thumbnailer-[a-z0-9-]+ uses 9\d % of its memory limit \(\d+ MiB of 256 MiB\): close to its memory limit, it will be OOM-killed/,
    )
    .first();
  await warning.waitFor({ timeout: 50_000 });
  await page
    .getByRole('table', { name: 'Pods of thumbnailer' })
    .getByRole('progressbar', {
      name: /^Memory of container resizer: \d+ MiB of 256 MiB limit \(9\d %\), near its limit$/,
    })
    .first()
    .waitFor({ timeout: 10_000 });
  await screenshot(page, 'usage-memory-warning');
});
