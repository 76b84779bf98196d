#!/usr/bin/env bash
# Browser tests: builds the app, starts the simulated cluster and the backend
# (which serves the built app) on test ports, runs packages/app/e2e-tests in
# Debian's Chromium through playwright-core, and stops everything it started.
# Writes TAP to .run/e2e.tap for the summary line. E2E_FILES narrows the run
# to some test files (default: every packages/app/e2e-tests/*.e2e.ts).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
mkdir -p .run .run/screenshots
export WORKLOAD_STATUS_DEMO_TOKEN="$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')"
export E2E_BASE_URL=http://localhost:7107
export E2E_SCREENSHOT_DIR="${E2E_SCREENSHOT_DIR:-$PWD/.run/screenshots}"
mkdir -p "$E2E_SCREENSHOT_DIR"
configs=(--config ../../app-config.yaml --config ../../app-config.e2e.yaml)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null; done
  sleep 1
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
}
trap cleanup EXIT

echo "[e2e] building the app" >&2
(cd packages/app && npx backstage-cli package build "${configs[@]}") > .run/app-build.log 2>&1 \
  || { tail -30 .run/app-build.log >&2; exit 1; }

setsid node packages/cluster-simulator/bin/cluster-simulator --scenario demo \
  --port-base 6651 --admin-port 6650 > .run/e2e-simulator.log 2>&1 &
pids+=($!)
# The backend runs from source through Backstage's node transform, without
# the dev server's file watcher: a test run must not restart it midway.
(cd packages/backend && NODE_ENV=development setsid node \
  --require @backstage/cli/config/nodeTransform.cjs src/index.ts "${configs[@]}") \
  > .run/e2e-backend.log 2>&1 &
pids+=($!)

echo "[e2e] waiting for the backend" >&2
for _ in $(seq 1 120); do
  curl -fs "$E2E_BASE_URL/.backstage/health/v1/readiness" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$E2E_BASE_URL/.backstage/health/v1/readiness" >/dev/null \
  || { echo "[e2e] backend did not become ready" >&2; tail -40 .run/e2e-backend.log >&2; exit 1; }

node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=.run/e2e.tap \
  ${E2E_FILES:-packages/app/e2e-tests/*.e2e.ts}
