/*
 * Owner notifications in the demo: the guest (a member of every demo team
 * in examples/org.yaml, so an owner of checkout and nightly-report) is told
 * that checkout is in error (it crash-loops; its first crash after the
 * backend's start turns it red again) and that a run of nightly-report
 * failed (every two minutes). Read through Backstage's notifications API as
 * the guest, and on the Notifications page the sidebar opens. Each entity
 * has at most one notification per debounce window: the plugin scopes each
 * to its entity and window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { baseUrl, guestSession, screenshot } from './browser.ts';

const session = guestSession();

interface Notification {
  created: string;
  origin: string;
  payload: {
    title: string;
    description?: string;
    link?: string;
    topic?: string;
    scope?: string;
    severity?: string;
  };
}

const CHECKOUT = 'component:default/checkout';
const REPORT = 'component:default/nightly-report';

/** The guest's notifications, read with the guest's own token. */
async function guestNotifications(page: Page): Promise<Notification[]> {
  return page.evaluate(async () => {
    const refresh = await fetch('/api/auth/guest/refresh', {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      credentials: 'include',
    });
    const identity = await refresh.json();
    const res = await fetch('/api/notifications/?limit=100', {
      headers: {
        authorization: `Bearer ${identity.backstageIdentity.token}`,
      },
    });
    if (!res.ok) throw new Error(`notifications: ${res.status}`);
    return (await res.json()).notifications;
  });
}

const about = (list: Notification[], entityRef: string) =>
  list.filter(
    n => n.origin === 'plugin:workload-status' && n.payload.topic === entityRef,
  );

test(
  'the guest is told of checkout in error and of a failed nightly-report run, once per entity per window',
  { timeout: 420_000 },
  async () => {
    const page = session.page;
    await page.goto(`${baseUrl}/catalog`);

    // the demo needs a few minutes: checkout's crash loop, nightly-report's
    // schedule (every two minutes)
    const deadline = Date.now() + 360_000;
    let list = await guestNotifications(page);
    while (
      (about(list, CHECKOUT).length === 0 ||
        about(list, REPORT).length === 0) &&
      Date.now() < deadline
    ) {
      await page.waitForTimeout(5000);
      list = await guestNotifications(page);
    }
    const checkout = about(list, CHECKOUT);
    const report = about(list, REPORT);
    assert.ok(checkout.length > 0, 'a notification about checkout');
    assert.ok(report.length > 0, 'a notification about nightly-report');
    assert.match(checkout[0].payload.title, /^checkout is in error$/);
    assert.match(checkout[0].payload.description ?? '', /CrashLoopBackOff/);
    assert.equal(checkout[0].payload.severity, 'high');
    assert.equal(
      checkout[0].payload.link,
      '/catalog/default/component/checkout/status',
    );
    assert.match(report[0].payload.title, /nightly-report.*failed/);
    // at most one problem per entity per debounce window (15 minutes in
    // the demo): problems of one entity are a window apart
    const topics = new Set(list.map(n => n.payload.topic));
    for (const topic of topics) {
      const times = list
        .filter(n => n.payload.topic === topic)
        .filter(n => n.payload.severity === 'high')
        .map(n => Date.parse(n.created))
        .sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++) {
        assert.ok(
          times[i] - times[i - 1] >= 15 * 60_000,
          `problems ${new Date(times[i - 1]).toISOString()} and ${new Date(
            times[i],
          ).toISOString()} are less than a window apart`,
        );
      }
    }

    // the page the sidebar opens lists them
    await page
      .getByRole('link', { name: /notifications/i })
      .first()
      .click();
    await page.waitForURL(/\/notifications/);
    await page
      .getByText('checkout is in error')
      .first()
      .waitFor({ timeout: 30_000 });
    await page
      .getByText(report[0].payload.title)
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'notifications');

    // its link opens checkout's Status tab
    await page.getByText('checkout is in error').first().click();
    await page.waitForURL(/\/catalog\/default\/component\/checkout\/status$/, {
      timeout: 30_000,
    });
  },
);
