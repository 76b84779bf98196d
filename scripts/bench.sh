#!/usr/bin/env bash
# npm run bench: the project's benchmarks, one after the other, each as
# docs/benchmarks.md, docs/simulator.md and docs/status-rules.md record it.
#   npm run bench                       engine, simulator, backend, redaction
#   npm run bench -- backend            one of them (also: sync, the
#                                       event-loop stalls of a LIST; usage,
#                                       the container usage cache;
#                                       versus, against Backstage's
#                                       Kubernetes backend: ~10 minutes)
#   BENCH_PODS=100000 npm run bench     the size the docs record (default
#                                       10,000: a run of a few minutes)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
pods="${BENCH_PODS:-10000}"
which=("${@:-engine simulator backend redaction}")

for bench in ${which[*]}; do
  echo "== benchmark: $bench" >&2
  case "$bench" in
    engine)
      node plugins/workload-status-common/bench/engine.bench.mjs ;;
    simulator)
      node packages/cluster-simulator/bench/simulator-bench.js --pods "$pods" ;;
    backend)
      BENCH_PODS="$pods" node --expose-gc --max-old-space-size=6144 \
        -r @backstage/cli/config/nodeTransform.cjs \
        plugins/workload-status-backend/bench/backend.bench.ts ;;
    redaction)
      node -r @backstage/cli/config/nodeTransform.cjs \
        plugins/workload-status-backend/bench/redaction.bench.ts ;;
    sync)
      BENCH_PODS="$pods" node --expose-gc --max-old-space-size=6144 \
        -r @backstage/cli/config/nodeTransform.cjs \
        plugins/workload-status-backend/bench/sync.bench.ts ;;
    idle)
      node --expose-gc --max-old-space-size=4096 \
        -r @backstage/cli/config/nodeTransform.cjs \
        plugins/workload-status-backend/bench/idle.bench.ts ;;
    usage)
      BENCH_PODS="$pods" node --expose-gc --max-old-space-size=6144 \
        -r @backstage/cli/config/nodeTransform.cjs \
        plugins/workload-status-backend/bench/usage.bench.ts ;;
    versus)
      # against Backstage's Kubernetes backend: see docs/benchmarks.md
      node -r @backstage/cli/config/nodeTransform.cjs \
        plugins/workload-status-backend/bench/versus/versus.bench.ts ;;
    *)
      echo "unknown benchmark '$bench' (engine, simulator, backend, redaction, sync, usage, versus)" >&2
      exit 2 ;;
  esac
done
