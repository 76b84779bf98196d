/*
 * What the adoption tests share: where the throwaway project's two
 * backends listen (scripts/adoption.sh starts them, each serving one app),
 * a guest's token, and a browser page that fails its test file on any
 * uncaught error of the app.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../packages/app/e2e-tests/browser.ts';

export const LEGACY_APP_URL =
  process.env.ADOPTION_LEGACY_URL ?? 'http://localhost:7217';
export const NEW_APP_URL =
  process.env.ADOPTION_NEW_URL ?? 'http://localhost:7218';

/** A guest's Backstage token, as the app's sign-in gets it. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  assert.equal(res.status, 200, `guest sign-in: ${await res.clone().text()}`);
  const body = await res.json();
  return body.backstageIdentity.token;
}

/**
 * One browser and one guest page on an app for a test file. Every uncaught
 * error of the page is collected; the file's last hook fails on any.
 */
export function guestPageOn(baseUrl: string): { readonly page: Page } {
  let browser: Browser | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];
  before(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', error =>
      pageErrors.push(String(error.stack ?? error)),
    );
    // logged errors (a failed request, a React warning) fail nothing, but an
    // adopter reading a failed run wants them
    page.on('console', message => {
      if (message.type() === 'error') {
        process.stderr.write(`# console error: ${message.text()}\n`);
      }
    });
    await page.goto(baseUrl);
    const enter = page.getByRole('button', { name: /enter/i });
    await enter.click();
    // the legacy app then goes to the catalog, the new one stays on its root
    await enter.waitFor({ state: 'detached' });
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(pageErrors, [], 'the app threw no uncaught error');
  });
  return {
    get page(): Page {
      if (!page) throw new Error('The guest sign-in did not happen');
      return page;
    },
  };
}
