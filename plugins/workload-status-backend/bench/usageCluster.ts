/*
 * Child process of the usage benchmark: the simulated cluster itself
 * (startSimulator, real HTTP) serving the scale scenario with
 * metrics.k8s.io switched on, so that PodMetrics are computed and
 * serialised by the simulator as metrics-server would answer. It runs in
 * its own process so that its heap and CPU do not count as ours. Prints
 * `{"url","token"}` on one line once it listens.
 */
import {
  generateScaleScenario,
  startSimulator,
} from '@internal/cluster-simulator';

async function main() {
  const pods = Number(process.env.BENCH_PODS ?? 10_000);
  const namespaces = Math.max(1, Math.round(pods / 1000));
  const scenario = generateScaleScenario({
    clusters: 1,
    namespaces,
    podsPerNamespace: Math.ceil(pods / namespaces),
    podsPerDeployment: 10,
    managedFields: true,
  });
  scenario.clusters[0].metrics = true;
  const sim = await startSimulator({
    scenario,
    clock: 'manual',
    token: 'usage-bench',
  });
  const cluster = sim.clusters[0];
  process.stdout.write(
    `${JSON.stringify({ url: cluster.url, token: cluster.token })}\n`,
  );
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
