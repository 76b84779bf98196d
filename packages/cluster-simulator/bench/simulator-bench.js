#!/usr/bin/env node
/*
 * Benchmark of the simulated cluster (see docs/simulator.md):
 *   scripts/run.sh node packages/cluster-simulator/bench/simulator-bench.js [--pods 100000] [--page 500] [--watchers 10] [--changes 3000]
 * Re-executes itself with --expose-gc and a larger heap, then runs bench/simulatorBench.ts.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

if (typeof global.gc !== 'function') {
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=8192',
      __filename,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
}
require('@backstage/cli/config/nodeTransform.cjs');

require(path.join(__dirname, 'simulatorBench.ts'))
  .main(process.argv.slice(2))
  .then(
    () => process.exit(0),
    e => {
      console.error(e);
      process.exit(1);
    },
  );
