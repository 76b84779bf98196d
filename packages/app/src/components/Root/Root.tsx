import { PropsWithChildren } from 'react';
import HomeIcon from '@material-ui/icons/Home';
import GroupIcon from '@material-ui/icons/People';
import ClustersIcon from '@material-ui/icons/Storage';
import WorkloadStatusIcon from '@material-ui/icons/Assessment';
import {
  Sidebar,
  SidebarDivider,
  SidebarItem,
  SidebarPage,
  SidebarSpace,
} from '@backstage/core-components';
import { MyGroupsSidebarItem } from '@backstage/plugin-org';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';

export const Root = ({ children }: PropsWithChildren<{}>) => (
  <SidebarPage>
    <Sidebar>
      <SidebarItem icon={HomeIcon} to="catalog" text="Catalog" />
      <MyGroupsSidebarItem
        singularTitle="My Group"
        pluralTitle="My Groups"
        icon={GroupIcon}
      />
      <SidebarItem
        icon={WorkloadStatusIcon}
        to="workload-status"
        text="Workload status"
      />
      <SidebarItem
        icon={ClustersIcon}
        to="workload-status/clusters"
        text="Clusters"
      />
      <SidebarSpace />
      <SidebarDivider />
      {/* the badge counts new notifications; no toast over the page */}
      <NotificationsSidebarItem snackbarEnabled={false} />
    </Sidebar>
    {children}
  </SidebarPage>
);
