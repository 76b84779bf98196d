/*
 * The backend of a Backstage team that adds Workload Status to what it
 * already runs: the app, sign-in, the catalog, permissions with its own
 * policy, events and signals, and one line for the plugin.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicyModule'));
// the event bus that carries signals; the plugin signals status changes
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(
  import('@workload-status/backstage-plugin-workload-status-backend'),
);

backend.start();
