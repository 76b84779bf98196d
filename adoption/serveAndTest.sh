#!/usr/bin/env bash
# The running half of the adoption test (scripts/adoption.sh calls it, in a
# network namespace of its own when it can): starts this repository's
# simulated cluster and the throwaway project's backend twice, each serving
# one of its apps, then runs adoption/tests in Chromium. Prints TAP.
#
#   bash adoption/serveAndTest.sh <throwaway project>
set -uo pipefail
project=$1
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

# in a fresh network namespace the loopback starts down
if [ "${ADOPTION_OWN_NETWORK:-}" = 1 ]; then ip link set lo up; fi

export WORKLOAD_STATUS_DEMO_TOKEN="$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')"
export ADOPTION_LEGACY_URL=http://localhost:7217
export ADOPTION_NEW_URL=http://localhost:7218
# the new app's backend runs the list worker (app-config.next.yaml)
export ADOPTION_NEW_BACKEND_LOG="$project/backend-next.log"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null; done
  sleep 1
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
}
trap cleanup EXIT

setsid node packages/cluster-simulator/bin/cluster-simulator --scenario demo \
  --port-base 6761 --admin-port 6760 > "$project/simulator.log" 2>&1 &
pids+=($!)

# The backend runs as `backstage-cli package start` would run it, from the
# project's own node_modules, without the file watcher; the guest provider
# wants a development environment.
for app in legacy next; do
  (cd "$project/packages/backend" && NODE_ENV=development setsid node \
    --require @backstage/cli/config/nodeTransform.cjs src/index.ts \
    --config ../../app-config.yaml --config "../../app-config.$app.yaml") \
    > "$project/backend-$app.log" 2>&1 &
  pids+=($!)
done

for url in "$ADOPTION_LEGACY_URL" "$ADOPTION_NEW_URL"; do
  for _ in $(seq 1 120); do
    curl -fs "$url/.backstage/health/v1/readiness" >/dev/null 2>&1 && break
    sleep 1
  done
  if ! curl -fs "$url/.backstage/health/v1/readiness" >/dev/null; then
    echo "not ok - the backend at $url became ready"
    tail -40 "$project"/backend-*.log >&2
    exit 1
  fi
done

node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test --test-concurrency=1 \
  --test-reporter=tap adoption/tests/*.test.ts
status=$?
if [ "$status" != 0 ]; then
  for log in "$project"/backend-*.log; do
    echo "# last lines of $(basename "$log"):" >&2
    tail -20 "$log" | sed 's/^/#   /' >&2
  done
fi
exit "$status"
