/*
 * An app of Backstage's legacy frontend system, as a team has it: the
 * catalog, guest sign-in, and the entity page below.
 */
import { Navigate, Route } from 'react-router-dom';
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import {
  AlertDisplay,
  OAuthRequestDialog,
  SignInPage,
} from '@backstage/core-components';
import { CatalogEntityPage, CatalogIndexPage } from '@backstage/plugin-catalog';
import { apis } from './apis';
import { entityPage } from './EntityPage';

const app = createApp({
  apis,
  components: {
    SignInPage: props => <SignInPage {...props} providers={['guest']} />,
  },
});

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    <AppRouter>
      <FlatRoutes>
        <Route path="/" element={<Navigate to="catalog" />} />
        <Route path="/catalog" element={<CatalogIndexPage />} />
        <Route
          path="/catalog/:namespace/:kind/:name"
          element={<CatalogEntityPage />}
        >
          {entityPage}
        </Route>
      </FlatRoutes>
    </AppRouter>
  </>,
);
