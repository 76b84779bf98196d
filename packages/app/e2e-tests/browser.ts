/*
 * Shared set-up for the browser tests: Debian's Chromium driven by
 * playwright-core (no browser download), signed in as the guest user.
 */
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';

export const baseUrl = process.env.E2E_BASE_URL ?? 'http://localhost:7107';
const screenshotDir = process.env.E2E_SCREENSHOT_DIR ?? '.run/screenshots';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // The machine's network is closed: background and component traffic
    // would only produce refused connections.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens the app and enters as guest; returns a page on the catalog. */
export async function signInAsGuest(browser: Browser): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
  });
  await page.goto(baseUrl);
  await page.getByRole('button', { name: /enter/i }).click();
  await page.waitForURL(/\/catalog/);
  return page;
}

/**
 * Saves the page as a reader would scroll through it: Backstage scrolls
 * inside its own layout, so the viewport grows to the content for the shot
 * (capped) and is put back after. Animations are settled first.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const contentHeight = await page.evaluate(() =>
    Math.max(
      ...Array.from(document.querySelectorAll('main, main *'))
        .filter(e => e.scrollHeight > e.clientHeight + 1)
        .map(e => e.scrollHeight),
      document.documentElement.scrollHeight,
    ),
  );
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  const height = dialogOpen
    ? viewport.height
    : Math.min(Math.max(viewport.height, contentHeight + 120), 2200);
  await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.screenshot({
      path: join(screenshotDir, `${name}.png`),
      animations: 'disabled',
    });
  } finally {
    await page.setViewportSize(viewport);
  }
}

/**
 * One browser and one guest page for a test file: registers the file's
 * before/after hooks and gives the page to its tests.
 */
export function guestSession(): { readonly page: Page } {
  let browser: Browser | undefined;
  let page: Page | undefined;
  before(async () => {
    browser = await launchBrowser();
    page = await signInAsGuest(browser);
  });
  after(async () => {
    await browser?.close();
  });
  return {
    get page(): Page {
      if (!page) throw new Error('The guest sign-in did not happen');
      return page;
    },
  };
}

/** An entity's Status tab, once its content has loaded. */
export async function openStatusTab(page: Page, entity: string) {
  await page.goto(`${baseUrl}/catalog/default/component/${entity}/status`);
  await page.getByRole('heading', { name: entity }).first().waitFor();
  // in the content: the sidebar's "Workload status" entry is no sign of it
  await page
    .getByRole('main')
    .getByText('Workload status')
    .first()
    .waitFor({ timeout: 30_000 });
}

/**
 * A status chip's accessible name, for a pattern written as "Deployment:
 * Running (healthy)": once the backend knows when the health began, the
 * chip says "(healthy for 2m)", which the pattern then also matches.
 */
export function chipName(pattern: RegExp): RegExp {
  return new RegExp(
    pattern.source.replace(/\\\)(\$?)$/, '( for [^)]+)?\\)$1'),
    pattern.flags,
  );
}
