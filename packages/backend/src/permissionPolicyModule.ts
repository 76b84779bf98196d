import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { WorkloadStatusPermissionPolicy } from './permissionPolicy';

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'workload-status-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new WorkloadStatusPermissionPolicy(userInfo));
      },
    });
  },
});
