/*
 * The timeline strip and the events kept past their life in the cluster,
 * against the demo scenario: checkout crash-loops; its Events are deleted
 * from the simulated cluster through the Kubernetes API (as the apiserver
 * does after an hour), and the events panel still lists them, marked
 * expired.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guestSession, openStatusTab, screenshot } from './browser.ts';

const session = guestSession();
/** the demo's production cluster, as app-config.e2e.yaml names it */
const PRODUCTION = 'http://127.0.0.1:6651';
const token = process.env.WORKLOAD_STATUS_DEMO_TOKEN ?? '';

async function clusterCall(path: string, method = 'GET') {
  const res = await fetch(`${PRODUCTION}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status}`);
  return res.json();
}

test("checkout's timeline shows its turn to error, with the reason, in words", async () => {
  const { page } = session;
  await openStatusTab(page, 'checkout');
  const strip = page.getByTestId('timeline-strip');
  const changes = strip.getByRole('list', { name: 'Changes, newest first' });
  // the crash loop turns the Deployment red within a few minutes of start
  for (let i = 0; i < 30; i++) {
    const text = await changes.innerText().catch(() => '');
    if (/Deployment checkout .*→ error .*CrashLoopBackOff/.test(text)) break;
    await page.waitForTimeout(10_000);
    await openStatusTab(page, 'checkout');
  }
  assert.match(
    await changes.innerText(),
    /Deployment checkout .*→ error .*CrashLoopBackOff/,
  );
  const bar = strip.getByRole('list', {
    name: /^Health of Deployment checkout/,
  });
  await bar.waitFor();
  // a span of each health, named in words (not colour alone)
  const labels = await bar
    .getByRole('listitem')
    .evaluateAll(items => items.map(i => i.getAttribute('aria-label') ?? ''));
  assert.ok(
    labels.some(l => /^error \(/.test(l)),
    `an error span: ${labels.join(' | ')}`,
  );
  await strip.getByRole('list', { name: 'Health of Overall' }).waitFor();
  // keyboard: each change's link to its events is a button
  const link = strip
    .getByRole('button', { name: /^Events at that time: / })
    .first();
  await link.focus();
  await page.keyboard.press('Enter');
  await page
    .getByTestId('events-panel')
    .getByText(/Events seen within 10 minutes of/)
    .waitFor();
  await page
    .getByTestId('events-panel')
    .getByRole('button', { name: 'Show all events' })
    .click();
});

test('events the cluster deleted are still listed, marked expired', async () => {
  const { page } = session;
  const list = await clusterCall('/api/v1/namespaces/shop/events');
  const ours = (list.items as any[]).filter(e =>
    String(e.involvedObject?.name ?? '').startsWith('checkout'),
  );
  assert.ok(ours.length > 0, 'checkout has events in the cluster');
  // the backend writes events in batches every 2 s
  await page.waitForTimeout(3000);
  for (const e of ours) {
    await clusterCall(
      `/api/v1/namespaces/shop/events/${encodeURIComponent(e.metadata.name)}`,
      'DELETE',
    );
  }
  await openStatusTab(page, 'checkout');
  const events = page.getByTestId('events-panel');
  await events
    .getByTestId('event-expired')
    .first()
    .waitFor({ timeout: 30_000 });
  const rows = await events.getByRole('row').allInnerTexts();
  assert.ok(
    rows.some(r => /BackOff/.test(r) && /expired/.test(r)),
    `an expired BackOff row: ${rows.slice(0, 5).join(' | ')}`,
  );
  await page
    .getByTestId('timeline-strip')
    .getByRole('list', { name: /^Health of Deployment checkout/ })
    .waitFor();
  await screenshot(page, 'timeline');
});
