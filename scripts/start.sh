#!/usr/bin/env bash
# npm start: installs what is missing, starts the simulated cluster with the
# demo scenario, then the Backstage backend (:7007) and app (:3000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
source scripts/env.sh

# A fresh token per run: the demo cluster and the backend share it through
# the environment, so no credential is ever written into the repository.
export WORKLOAD_STATUS_DEMO_TOKEN="${WORKLOAD_STATUS_DEMO_TOKEN:-$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')}"

mkdir -p .run
node packages/cluster-simulator/bin/cluster-simulator --scenario demo \
  --port-base 6551 --admin-port 6550 > .run/simulator.log 2>&1 &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 60); do
  grep -q 'cluster-simulator ready' .run/simulator.log && break
  kill -0 $sim_pid 2>/dev/null || { cat .run/simulator.log >&2; exit 1; }
  sleep 0.5
done
grep 'cluster-simulator ready' .run/simulator.log || { echo "simulated cluster did not start" >&2; exit 1; }

echo "Starting Backstage: app on http://localhost:3000, backend on http://localhost:7007"
npx backstage-cli repo start
