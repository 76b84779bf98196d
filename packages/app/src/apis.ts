import { AnyApiFactory } from '@backstage/core-plugin-api';

// The plugins bring their own API factories (the workload-status client, the
// signals client); the app adds none of its own yet.
export const apis: AnyApiFactory[] = [];
