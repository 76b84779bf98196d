/*
 * The Status tab of a demo entity as the adoption tests read it, the same
 * in both frontend systems: the plugin's own content under the app's
 * entity page.
 */
import type { Page } from 'playwright-core';
import { chipName } from '../../packages/app/e2e-tests/browser.ts';

/** What the demo scenario makes each entity's Status tab say. */
export const DEMO_CHIPS = {
  // rolls out every 3 minutes
  storefront: /^Deployment: (Running|Waiting) \((healthy|progressing)\)$/,
  // crash-loops
  checkout: /^Pod: CrashLoopBackOff \(error\)$/,
};

export async function openStatusTab(
  page: Page,
  baseUrl: string,
  entity: keyof typeof DEMO_CHIPS,
): Promise<void> {
  await page.goto(`${baseUrl}/catalog/default/component/${entity}/status`);
  await page.getByRole('heading', { name: entity }).first().waitFor();
  await page
    .getByLabel(chipName(DEMO_CHIPS[entity]))
    .first()
    .waitFor({ timeout: 60_000 });
}
