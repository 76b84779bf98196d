/*
 * An app of Backstage's new frontend system: the catalog and Workload
 * Status come in as features, the latter through its `/alpha` export only
 * (its Status tab, overview card, pages and API client are extensions).
 */
import { createApp } from '@backstage/frontend-defaults';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { SignInPage } from '@backstage/core-components';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import workloadStatusPlugin from '@workload-status/backstage-plugin-workload-status/alpha';

const guestSignIn = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      <SignInPage {...props} providers={['guest']} />,
  },
});

const app = createApp({
  features: [
    catalogPlugin,
    workloadStatusPlugin,
    createFrontendModule({ pluginId: 'app', extensions: [guestSignIn] }),
  ],
});

export default app.createRoot();
