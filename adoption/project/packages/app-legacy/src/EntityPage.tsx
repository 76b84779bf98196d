/*
 * The entity page with the lines the plugin's README asks for: a Status tab
 * for entities the Kubernetes annotations tie to a cluster.
 */
import { Grid } from '@material-ui/core';
import {
  EntityAboutCard,
  EntityLayout,
  EntitySwitch,
  isKind,
} from '@backstage/plugin-catalog';
import {
  EntityWorkloadStatusContent,
  isWorkloadStatusAvailable,
} from '@workload-status/backstage-plugin-workload-status';

const overview = (
  <Grid container spacing={3}>
    <Grid item md={6} xs={12}>
      <EntityAboutCard />
    </Grid>
  </Grid>
);

const componentPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overview}
    </EntityLayout.Route>
    <EntityLayout.Route
      path="/status"
      title="Status"
      if={isWorkloadStatusAvailable}
    >
      <EntityWorkloadStatusContent />
    </EntityLayout.Route>
  </EntityLayout>
);

const defaultPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overview}
    </EntityLayout.Route>
  </EntityLayout>
);

export const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case if={isKind('component')} children={componentPage} />
    <EntitySwitch.Case>{defaultPage}</EntitySwitch.Case>
  </EntitySwitch>
);
