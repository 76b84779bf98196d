/*
 * The backend plugin installed from its tarball answers on its route, for a
 * signed-in user, what the simulated cluster shows; and only for one. The
 * new app's backend parses LIST pages in the list worker thread, as built.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { guestToken, LEGACY_APP_URL, NEW_APP_URL } from './adoptionApp.ts';

const statusUrl = (baseUrl: string, entity: string) =>
  `${baseUrl}/api/workload-status/v1/entities/default/component/${entity}/status`;

/** The entity's status once the plugin's watches have read the cluster. */
async function settledStatus(baseUrl: string, entity: string, token: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(statusUrl(baseUrl, entity), {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200, await res.clone().text());
    const status = await res.json();
    if (status.workloads.length > 0 || Date.now() > deadline) return status;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

for (const [system, baseUrl] of [
  ['legacy', LEGACY_APP_URL],
  ['new', NEW_APP_URL],
]) {
  test(`the status route answers a guest (backend of the ${system} app)`, async () => {
    const token = await guestToken(baseUrl);
    const storefront = await settledStatus(baseUrl, 'storefront', token);
    assert.equal(storefront.entityRef, 'component:default/storefront');
    assert.match(storefront.health, /^(ok|progressing)$/);
    // crash-loops: error while it waits to restart, warning while it runs
    const checkout = await settledStatus(baseUrl, 'checkout', token);
    assert.match(checkout.health, /^(error|warning)$/);
  });

  test(`the status route refuses a caller without a token (backend of the ${system} app)`, async () => {
    const res = await fetch(statusUrl(baseUrl, 'storefront'));
    assert.equal(res.status, 401);
  });
}

test('the list worker thread runs from the installed package (backend of the new app)', async () => {
  // that backend parses LIST pages in the thread (app-config.next.yaml);
  // the thread loads the built module by its own file name, which only a
  // build from the tarball tests
  const logFile = process.env.ADOPTION_NEW_BACKEND_LOG;
  assert.ok(logFile, 'adoption/serveAndTest.sh sets ADOPTION_NEW_BACKEND_LOG');
  const token = await guestToken(NEW_APP_URL);
  await settledStatus(NEW_APP_URL, 'storefront', token);
  const log = readFileSync(logFile, 'utf8');
  assert.match(
    log,
    /LIST pages are parsed in the list worker thread/,
    'the thread answered a page',
  );
  assert.doesNotMatch(log, /list worker thread stopped/);
});
