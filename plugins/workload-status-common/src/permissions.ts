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

/**
 * Restart an entity's Deployment, StatefulSet or DaemonSet (a rollout
 * restart: new pods replace the old ones).
 * @public
 */
export const workloadStatusWorkloadRestartPermission = createPermission({
  name: 'workload-status.workload.restart',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Scale an entity's Deployment or StatefulSet to a number of replicas. @public */
export const workloadStatusWorkloadScalePermission = createPermission({
  name: 'workload-status.workload.scale',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Stop (scale to zero, remembering the replicas) or start again an
 * entity's Deployment or StatefulSet.
 * @public
 */
export const workloadStatusWorkloadStopPermission = createPermission({
  name: 'workload-status.workload.stop',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Roll an entity's Deployment back to its previous revision. @public */
export const workloadStatusWorkloadRollbackPermission = createPermission({
  name: 'workload-status.workload.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Delete one pod of an entity (its controller replaces it). @public */
export const workloadStatusPodDeletePermission = createPermission({
  name: 'workload-status.pod.delete',
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
  workloadStatusWorkloadRestartPermission,
  workloadStatusWorkloadScalePermission,
  workloadStatusWorkloadStopPermission,
  workloadStatusWorkloadRollbackPermission,
  workloadStatusPodDeletePermission,
];
