import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/*
 * Every permission is a `catalog-entity` resource permission, so a policy can
 * decide per entity (for example with the catalog's isEntityOwner rule).
 * Reading cluster health reuses the Kubernetes plugin's
 * `kubernetesClustersReadPermission` instead of declaring another.
 */

/** Read an entity's workload status, summaries, events and job history. @public */
export const workloadStatusReadPermission = createPermission({
  name: 'workload-status.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read container logs, build logs and the operator log of an entity. Separate
 * from status because logs can hold secrets (Argo CD split them for the same
 * reason).
 * @public
 */
export const workloadStatusLogsReadPermission = createPermission({
  name: 'workload-status.logs.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Stop (suspend) or resume an entity's CronJob. @public */
export const workloadStatusCronJobSuspendPermission = createPermission({
  name: 'workload-status.cronjob.suspend',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Run an entity's CronJob now (create a Job from its template). @public */
export const workloadStatusCronJobRunPermission = createPermission({
  name: 'workload-status.cronjob.run',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Delete an entity's CronJob. @public */
export const workloadStatusCronJobDeletePermission = createPermission({
  name: 'workload-status.cronjob.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const workloadStatusPermissions = [
  workloadStatusReadPermission,
  workloadStatusLogsReadPermission,
  workloadStatusCronJobSuspendPermission,
  workloadStatusCronJobRunPermission,
  workloadStatusCronJobDeletePermission,
];
