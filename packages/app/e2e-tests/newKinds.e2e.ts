/*
 * The Status tabs of the demo's Argo Rollout (pricing) and Knative Service
 * (previews), against the demo scenario of the simulated cluster
 * (packages/cluster-simulator/scenarios/demo.yaml): 10 s after start pricing's
 * new version gets 20 % of the pods and the Rollout then waits at its
 * indefinite pause step (step 2 of 4) until someone promotes it; previews runs
 * one Revision with one pod. Both are shown as the Deployment component.
 */
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  chipName,
  guestSession,
  openStatusTab,
  screenshot,
} from './browser.ts';

const session = guestSession();

/** A status chip, found the way a screen reader announces it. */
function chip(scope: Page | Locator, name: RegExp): Locator {
  return scope.getByLabel(chipName(name)).first();
}

/** What each new kind's demo entity must say (docs/simulator.md, demo.yaml). */
const NEW_KINDS: Array<{
  entity: string;
  chips: RegExp[];
  text: RegExp[];
  screenshot: string;
}> = [
  {
    entity: 'pricing',
    // paused on purpose: waiting, not failing; the stable and canary pods run
    chips: [
      /^Deployment: Waiting \(stopped\)$/,
      /^Pod: Running \((healthy|progressing)\)$/,
    ],
    text: [/paused at canary step 2 of 4/i, /CanaryPauseStep/],
    screenshot: 'status-rollout',
  },
  {
    entity: 'previews',
    chips: [/^Deployment: Running \(healthy\)$/, /^Pod: Running \(healthy\)$/],
    text: [/previews-00001/],
    screenshot: 'status-knative',
  },
];

NEW_KINDS.forEach(demo => {
  test(`the Status tab of ${demo.entity} says what the demo implies`, async () => {
    await openStatusTab(session.page, demo.entity);
    for (const name of demo.chips) {
      await chip(session.page, name).waitFor({ timeout: 60_000 });
    }
    for (const text of demo.text) {
      await session.page.getByText(text).first().waitFor({ timeout: 30_000 });
    }
    await screenshot(session.page, demo.screenshot);
  });
});
