/*
 * The backend plugin installed from its tarball answers on its route, for a
 * signed-in user, what the simulated cluster shows; and only for one.
 */
import assert from 'node:assert/strict';
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
