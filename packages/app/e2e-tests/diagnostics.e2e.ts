/*
 * What the Status tab shows beyond statuses, against the demo scenario:
 * the service log in a pod's drawer (redacted), events, the operator log,
 * a failed build's log, and the CronJob actions (run now, stop, resume)
 * going through the backend to the simulated cluster and back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chipName,
  guestSession,
  openStatusTab,
  screenshot,
} from './browser.ts';

const session = guestSession();

test("a pod's drawer shows its service log, with secrets redacted", async () => {
  await openStatusTab(session.page, 'storefront');
  const podLink = session.page
    .getByRole('button', { name: /^storefront-[a-z0-9]+-[a-z0-9]+$/ })
    .first();
  await podLink.waitFor({ timeout: 60_000 });
  const podName = (await podLink.innerText()).trim();
  await podLink.click();
  const drawer = session.page.getByRole('dialog', { name: `Pod ${podName}` });
  await drawer.waitFor();
  await drawer.getByRole('tab', { name: 'Log' }).click();
  const log = drawer.getByTestId('pod-log');
  // the web profile logs its database URL and a bearer token at start
  await log
    .getByText(/postgres:\/\/[a-z]+:\[REDACTED\]@/)
    .first()
    .waitFor({
      timeout: 30_000,
    });
  const text = await log.innerText();
  assert.doesNotMatch(text, /s3cr3t/, 'the password never reaches the page');
  assert.doesNotMatch(text, /Bearer eyJ/, 'nor the bearer token');
  await screenshot(session.page, 'pod-log');
  await session.page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
});

test('a crash-looping service shows the previous container log and its events', async () => {
  await openStatusTab(session.page, 'checkout');
  const podLink = session.page
    .getByRole('button', { name: /^checkout-[a-z0-9]+-[a-z0-9]+$/ })
    .first();
  await podLink.waitFor({ timeout: 60_000 });
  const podName = (await podLink.innerText()).trim();
  await podLink.click();
  const drawer = session.page.getByRole('dialog', { name: `Pod ${podName}` });
  await drawer.getByRole('tab', { name: 'Log' }).click();
  const previous = drawer.getByRole('checkbox', { name: 'Previous container' });
  await previous.waitFor({ timeout: 30_000 });
  await previous.check();
  await drawer
    .getByRole('region', { name: /previous instance/ })
    .waitFor({ timeout: 30_000 });
  await drawer.getByTestId('pod-log').getByText(/\S/).first().waitFor();
  await drawer.getByRole('tab', { name: 'Events' }).click();
  await drawer.getByText('BackOff').first().waitFor({ timeout: 30_000 });
  await session.page.keyboard.press('Escape');

  const events = session.page.getByTestId('events-panel');
  await events.getByText('BackOff').first().waitFor({ timeout: 30_000 });
  // warnings first
  const firstType = await events
    .getByRole('row')
    .nth(1)
    .innerText()
    .catch(() => '');
  assert.match(firstType, /Warning/);
});

test("the operator log shows the operator's errors about this entity only", async () => {
  await openStatusTab(session.page, 'checkout');
  const panel = session.page.getByTestId('operator-log-panel');
  await panel
    .getByText(/Reconciler error/)
    .first()
    .waitFor({ timeout: 60_000 });
  const text = await panel.innerText();
  assert.match(text, /checkout/);
  assert.doesNotMatch(
    text,
    /"name":"storefront"|shop\/storefront/,
    'lines about other services stay out',
  );
  await screenshot(session.page, 'operator-log');
});

test("a failed build's log shows its steps in order and names the failure", async () => {
  await openStatusTab(session.page, 'recommendations');
  await session.page
    .getByText(/nothing was deployed|not deployed|keeps running/i)
    .first()
    .waitFor({ timeout: 60_000 });
  await session.page
    .getByRole('button', { name: 'Build log of recommendations-build-42' })
    .click();
  const dialog = session.page.getByRole('dialog', {
    name: /Build log of PipelineRun recommendations-build-42/,
  });
  await dialog.waitFor();
  const buildLog = dialog.getByTestId('build-log');
  await buildLog
    .getByText(/error TS2322/)
    .first()
    .waitFor({ timeout: 30_000 });
  const steps = await dialog
    .getByRole('list', { name: /Steps of recommendations-build-42/ })
    .innerText();
  assert.ok(
    steps.indexOf('clone') < steps.indexOf('build'),
    `clone before build: ${steps}`,
  );
  await screenshot(session.page, 'build-log');
  await session.page.keyboard.press('Escape');
});

test('run now creates a run that the job history then shows', async () => {
  // cache-warmer runs every minute for a few seconds with
  // concurrencyPolicy Forbid: a click during its scheduled run is refused
  // (409), and the dialog says why; the test tries again after it.
  const manualRun = session.page
    .getByText(/^cache-warmer-manual-[a-z0-9]+$/)
    .first();
  for (let attempt = 1; ; attempt++) {
    await openStatusTab(session.page, 'cache-warmer');
    const run = session.page.getByTestId('cronjob-run');
    await run.waitFor({ timeout: 60_000 });
    await run.click();
    await session.page.getByTestId('cronjob-run-dialog-confirm').click();
    const refused = session.page
      .getByRole('dialog')
      .getByText(/forbids concurrent runs/);
    const outcome = await Promise.race([
      manualRun.waitFor({ timeout: 30_000 }).then(
        () => 'ran' as const,
        () => 'timeout' as const,
      ),
      refused.waitFor({ timeout: 30_000 }).then(
        () => 'refused' as const,
        () => 'timeout' as const,
      ),
    ]);
    assert.notEqual(outcome, 'timeout', 'run now neither ran nor refused');
    if (outcome === 'ran') break;
    assert.ok(attempt < 3, 'run now refused three times in a row');
    await session.page.keyboard.press('Escape');
    await session.page.waitForTimeout(10_000);
  }
  const name = (await manualRun.innerText()).trim();
  // a fresh page reads it back from the backend, not from the answer
  await openStatusTab(session.page, 'cache-warmer');
  await session.page.getByText(name).first().waitFor({ timeout: 30_000 });
});

test('stop suspends the CronJob and resume brings it back', async () => {
  await openStatusTab(session.page, 'cache-warmer');
  await session.page.getByTestId('cronjob-suspend').click();
  await session.page.getByTestId('cronjob-suspend-dialog-confirm').click();
  await session.page
    .getByLabel(chipName(/^CronJob: Stopped \((stopped|progressing)\)$/))
    .first()
    .waitFor({ timeout: 30_000 });
  await screenshot(session.page, 'status-cron-stopped');
  // the suspension is the cluster's, not the page's
  await openStatusTab(session.page, 'cache-warmer');
  await session.page
    .getByLabel(/^CronJob: Stopped/)
    .first()
    .waitFor({ timeout: 30_000 });
  await session.page.getByTestId('cronjob-resume').click();
  await session.page.getByTestId('cronjob-resume-dialog-confirm').click();
  await session.page
    .getByLabel(/^CronJob: Started/)
    .first()
    .waitFor({ timeout: 30_000 });
});
