/*
 * The backend of the versus benchmark
 * (plugins/workload-status-backend/bench/versus): the demo backend's
 * plugins (catalog, guest sign-in, permissions with the demo policy,
 * signals, notifications, Workload Status) plus Backstage's Kubernetes
 * backend, both reading the same `kubernetes:` block, as an adopter
 * running both would have them. A bench-only entry: the demo backend stays
 * without the Kubernetes plugin, whose frontend the demo app does not ship.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('../src/permissionPolicyModule'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(
  import('@workload-status/backstage-plugin-workload-status-backend'),
);
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.start();

// RSS alone cannot say what holds it: every 2 s, the JS heap and the
// buffers outside it (MiB), for the driver to read from this log
setInterval(() => {
  const m = process.memoryUsage();
  const mib = (bytes: number) => Math.round(bytes / 1048576);
  process.stdout.write(
    `versus-memory ${JSON.stringify({
      heapTotal: mib(m.heapTotal),
      heapUsed: mib(m.heapUsed),
      external: mib(m.external),
    })}\n`,
  );
}, 2000).unref();
