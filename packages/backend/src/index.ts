/*
 * The Backstage backend that `npm start` runs: catalog, guest sign-in,
 * permissions with our policy, signals, notifications, and the Workload
 * Status plugin.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicyModule'));

// the event bus: with PostgreSQL it carries events, hence signals, between
// replicas (docs/operations.md, Running several replicas)
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// owners are told when their entities break and recover
backend.add(import('@backstage/plugin-notifications-backend'));

backend.add(
  import('@workload-status/backstage-plugin-workload-status-backend'),
);

backend.start();
