/*
 * The legacy frontend system: the app adds the plugin's main export to its
 * entity page (EntityWorkloadStatusContent behind isWorkloadStatusAvailable).
 */
import { test } from 'node:test';
import { guestPageOn, LEGACY_APP_URL } from './adoptionApp.ts';
import { openStatusTab } from './statusTab.ts';

const session = guestPageOn(LEGACY_APP_URL);

test('legacy app: an annotated entity has a Status tab', async () => {
  const { page } = session;
  await page.goto(`${LEGACY_APP_URL}/catalog/default/component/storefront`);
  await page.getByRole('tab', { name: 'Status' }).click();
  await page.waitForURL(/\/status$/);
});

test('legacy app: the Status tab shows storefront running', async () => {
  await openStatusTab(session.page, LEGACY_APP_URL, 'storefront');
});

test('legacy app: the Status tab shows checkout crash-looping', async () => {
  await openStatusTab(session.page, LEGACY_APP_URL, 'checkout');
});
