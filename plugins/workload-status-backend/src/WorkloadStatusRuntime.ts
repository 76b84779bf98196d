import type {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  WorkloadStatusBuildSource,
  WorkloadStatusKindRule,
  WorkloadStatusService,
} from '@workload-status/backstage-plugin-workload-status-node';
import { readActionSettings } from './actions/ActionSettings';
import { CronJobActions } from './actions/CronJobActions';
import { ActionRecorder } from './actions/records/ActionRecorder';
import { readActionRecordSettings } from './actions/records/ActionRecordSettings';
import { ActionRecordStore } from './actions/records/ActionRecordStore';
import { scheduleActionRecordPruning } from './actions/records/scheduleActionRecordPruning';
import { WorkloadActions } from './actions/WorkloadActions';
import { readWorkloadActionSettings } from './actions/WorkloadActionSettings';
import { CatalogClusterLocator } from './cluster/CatalogClusterLocator';
import { ClusterConfigReader } from './cluster/ClusterConfigReader';
import type { ClusterSpec, WorkloadStatusSettings } from './cluster/types';
import type { OwnershipSettings } from './ownership/OwnershipSettings';
import { EntityObjects } from './diagnostics/EntityObjects';
import { createLogServices } from './diagnostics/logs/createLogServices';
import { EntityEventsService } from './diagnostics/events/EntityEventsService';
import { EventCaches } from './diagnostics/events/EventCaches';
import { readEventSettings } from './diagnostics/events/EventSettings';
import { JobHistoryRecorder } from './diagnostics/history/JobHistoryRecorder';
import { JobHistoryService } from './diagnostics/history/JobHistoryService';
import { readJobHistorySettings } from './diagnostics/history/JobHistorySettings';
import { scheduleJobHistoryPruning } from './diagnostics/history/scheduleJobHistoryPruning';
import { JobRunStore } from './diagnostics/history/JobRunStore';
import { CatalogEntitySource } from './matching/CatalogEntitySource';
import { createEntityNotifier } from './notifications/createEntityNotifier';
import type { EntityNotifier } from './notifications/EntityNotifier';
import { scheduleClaimPruning } from './notifications/scheduleClaimPruning';
import { EntityMatcher } from './matching/EntityMatcher';
import { NamespaceOwnership } from './ownership/NamespaceOwnership';
import { readOwnershipSettings } from './ownership/OwnershipSettings';
import { createInProcessStatusService } from './service/InProcessStatusService';
import type { LogRouteServices } from './service/logRoutes';
import { createRouter } from './service/router';
import { StatusReader } from './service/StatusReader';
import { EntityChangePublisher } from './signals/EntityChangePublisher';
import type { WorkloadStatusClock } from './status/clockServiceRef';
import { StatusPipeline } from './status/StatusPipeline';
import { EntityRollups } from './status/EntityRollups';
import { readRollupSettings } from './status/RollupSettings';
import { OwnerGroups } from './ownership/OwnerGroups';
import { DEFAULT_MAX_OWNER_REFS } from './ownership/OwnershipSettings';
import { RollupReader } from './service/RollupReader';
import { ExpiredEventRecorder } from './diagnostics/events/ExpiredEventRecorder';
import {
  ExpiredEventSettings,
  readExpiredEventSettings,
} from './diagnostics/events/ExpiredEventSettings';
import { ExpiredEventStore } from './diagnostics/events/ExpiredEventStore';
import { migratedDatabase } from './timeline/migratedDatabase';
import { UsageCaches } from './usage/UsageCaches';
import { readUsageSettings } from './usage/UsageSettings';
import { scheduleRetention } from './timeline/scheduleRetention';
import { TimelineRecorder } from './timeline/TimelineRecorder';
import { TimelineService } from './timeline/TimelineService';
import { readTimelineSettings } from './timeline/TimelineSettings';
import { TimelineStore } from './timeline/TimelineStore';

export interface WorkloadStatusRuntimeOptions {
  config: RootConfigService;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  /** records the CronJob actions */
  auditor: AuditorService;
  catalog: CatalogService;
  signals: SignalsService;
  /** tells entities' owners when their status breaks and recovers */
  notifications: NotificationService;
  /** the job history table */
  database: DatabaseService;
  clock: WorkloadStatusClock;
  /**
   * prunes the timeline, kept events, job history, action records and
   * notification claims on one replica; absent: the job history prunes on
   * its own timer, the rest is not pruned
   */
  scheduler?: SchedulerService;
  buildSources: readonly WorkloadStatusBuildSource[];
  kindRules: readonly WorkloadStatusKindRule[];
}

/**
 * Everything the plugin runs, assembled from its services: the status
 * pipeline, the catalog entity source, the signal publisher and the
 * periodic refresh. plugin.ts only wires this to the backend.
 */
export class WorkloadStatusRuntime {
  private refreshTimer?: NodeJS.Timeout;
  private readonly earlyRefreshes: NodeJS.Timeout[] = [];
  private readonly configClusters: ClusterSpec[];

  static async create(options: WorkloadStatusRuntimeOptions) {
    // validate everything before anything starts: errors name the key
    const settings = ClusterConfigReader.readSettings(options.config);
    const clusters = ClusterConfigReader.readClusters(options.config);
    const ownership = readOwnershipSettings(options.config);
    return new WorkloadStatusRuntime(options, settings, clusters, ownership);
  }

  readonly pipeline: StatusPipeline;
  readonly source: CatalogEntitySource;
  readonly reader: StatusReader;
  readonly objects: EntityObjects;
  /** which namespaces' objects an entity may read logs of and act on */
  readonly ownership: NamespaceOwnership;
  readonly logs: LogRouteServices;
  readonly events: EntityEventsService;
  readonly jobHistory: JobHistoryService;
  private readonly eventCaches: EventCaches;
  private readonly jobHistoryRecorder: JobHistoryRecorder;
  /** undefined when notifications are disabled */
  private readonly notifier?: EntityNotifier;
  readonly cronJobActions: CronJobActions;
  readonly workloadActions: WorkloadActions;
  private readonly maxReplicas: number;
  /** the plugin's own actions, for the operator log */
  readonly actionRecords: ActionRecorder;
  private readonly publisher: EntityChangePublisher;
  private readonly clusterLocator?: CatalogClusterLocator;
  /** System and Group statuses */
  readonly rollups: EntityRollups;
  readonly rollupReader: RollupReader;
  /** the parents of the groups that own entities (Group rollups) */
  private readonly rollupGroups: OwnerGroups;
  /** status changes, recorded in the database */
  readonly timelineRecorder: TimelineRecorder;
  readonly timeline: TimelineService;
  /** events kept past their life in the cluster */
  private readonly expiredEventStore: ExpiredEventStore;
  private readonly expiredEventRecorder: ExpiredEventRecorder;
  private readonly expiredEventSettings: ExpiredEventSettings;
  /** container usage (metrics.k8s.io), sampled per cluster */
  readonly usage: UsageCaches;

  private constructor(
    private readonly options: WorkloadStatusRuntimeOptions,
    readonly settings: WorkloadStatusSettings,
    clusters: ClusterSpec[],
    ownershipSettings: OwnershipSettings,
  ) {
    const { logger } = options;
    this.configClusters = clusters;
    this.pipeline = new StatusPipeline({
      settings,
      logger,
      buildSources: options.buildSources,
      kindRules: options.kindRules,
      now: () => options.clock.now(),
    });
    this.usage = new UsageCaches({
      settings: readUsageSettings(options.config),
      logger,
      entitiesOfPod: (cluster, uid) =>
        this.pipeline.index.entitiesOfObject(cluster, uid),
      markDirty: refs => this.pipeline.statuses.markDirty(refs),
      // samples age in wall-clock time, whatever clock the rules use
    });
    this.pipeline.addClusterListener(this.usage);
    this.pipeline.statuses.setUsageSource(cluster =>
      this.usage.lookup(cluster),
    );
    this.publisher = new EntityChangePublisher({
      signals: options.signals,
      debounceMs: settings.signalDebounceMs,
      logger,
    });
    this.rollupGroups = new OwnerGroups({
      catalog: options.catalog,
      auth: options.auth,
      logger,
      maxRefs: DEFAULT_MAX_OWNER_REFS,
    });
    this.rollups = new EntityRollups({
      statuses: this.pipeline.statuses,
      groups: this.rollupGroups,
      groupDescendants: readRollupSettings(options.config).groupDescendants,
      onRollupChange: ref => this.publisher.entityChanged(ref),
    });
    this.pipeline.statuses.observeStatuses(status =>
      this.notifier?.statusChanged(status),
    );
    const database = migratedDatabase(options.database);
    const timelineStore = new TimelineStore(database);
    this.timelineRecorder = new TimelineRecorder({
      store: timelineStore,
      getStatus: ref => this.pipeline.statuses.getStatus(ref),
      logger,
      now: () => options.clock.now(),
    });
    this.timeline = new TimelineService({
      store: timelineStore,
      settings: readTimelineSettings(options.config),
      now: () => options.clock.now(),
    });
    this.pipeline.statuses.onStatusChange(ref => {
      this.publisher.entityChanged(ref);
      this.rollups.statusChanged(ref);
      this.timelineRecorder.statusChanged(ref);
    });
    this.ownership = new NamespaceOwnership({
      settings: ownershipSettings,
      clusterSettings: settings,
      catalog: options.catalog,
      auth: options.auth,
      logger,
    });
    this.ownership.attach(this.pipeline);
    this.source = new CatalogEntitySource({
      catalog: options.catalog,
      auth: options.auth,
      index: this.pipeline.index,
      matcher: new EntityMatcher(settings.serviceLocatorMethod),
      logger,
      onEntity: (entity, ref) => {
        this.ownership.entityRead(entity, ref);
        this.rollups.entityRead(entity, ref);
        this.notifier?.entityRead(entity, ref);
      },
      onChanged: (changed, removed) => {
        removed.forEach(ref => {
          this.pipeline.statuses.forget(ref);
          this.timelineRecorder.forget(ref);
          this.ownership.entityRemoved(ref);
          this.rollups.entityRemoved(ref);
          this.notifier?.entityRemoved(ref);
        });
        this.pipeline.statuses.markDirty(changed);
      },
    });
    this.reader = new StatusReader(
      this.pipeline,
      this.source,
      this.timelineRecorder,
      this.usage,
    );
    this.rollupReader = new RollupReader(this.rollups, this.reader);
    this.objects = new EntityObjects(
      this.pipeline,
      this.source,
      this.ownership,
    );
    this.logs = createLogServices({
      objects: this.objects,
      settings,
      now: () => options.clock.now(),
    });
    // events and job runs are watched beside the status inputs, not in them
    const eventSettings = readEventSettings(options.config);
    this.expiredEventSettings = readExpiredEventSettings(options.config);
    this.expiredEventStore = new ExpiredEventStore(database);
    this.expiredEventRecorder = new ExpiredEventRecorder({
      store: this.expiredEventStore,
      entitiesOf: (cluster, uid) =>
        this.pipeline.index.entitiesOfObject(cluster, uid),
      logger,
    });
    this.eventCaches = new EventCaches({
      settings,
      events: eventSettings,
      logger,
      onEvent: (cluster, event) =>
        this.expiredEventRecorder.eventSeen(cluster, event),
    });
    this.pipeline.addClusterListener(this.eventCaches);
    this.events = new EntityEventsService(this.objects, this.eventCaches, {
      maxResponseBytes: eventSettings.maxResponseBytes,
      expired: this.expiredEventStore,
    });
    // the plugin's one migrated connection (see migratedDatabase)
    const jobRuns = new JobRunStore(database);
    this.jobHistoryRecorder = new JobHistoryRecorder({
      store: jobRuns,
      settings: readJobHistorySettings(options.config),
      logger,
      now: () => options.clock.now(),
    });
    this.pipeline.addClusterListener(this.jobHistoryRecorder);
    this.notifier = createEntityNotifier({
      config: options.config,
      database,
      notifications: options.notifications,
      logger,
      now: () => options.clock.now(),
    });
    this.jobHistoryRecorder.onRunsWritten(records =>
      this.notifier?.runsWritten(records),
    );
    this.jobHistory = new JobHistoryService({
      objects: this.objects,
      store: jobRuns,
      synced: cluster =>
        this.pipeline.clusterCaches().get(cluster)?.synced ?? false,
      selectorOf: ref => {
        const match = this.pipeline.index.getMatch(ref);
        return match?.selector
          ? { selector: match.selector, namespace: match.namespace }
          : undefined;
      },
      now: () => options.clock.now(),
    });
    this.cronJobActions = new CronJobActions({
      objects: this.objects,
      clusterCaches: () => this.pipeline.clusterCaches(),
      getEntityStatus: ref => this.reader.getEntityStatus(ref),
      requestTimeoutMs: settings.requestTimeoutMs,
      runNowMinIntervalMs: readActionSettings(options.config)
        .runNowMinIntervalMs,
      now: () => options.clock.now(),
    });
    this.maxReplicas = readWorkloadActionSettings(options.config).maxReplicas;
    this.workloadActions = new WorkloadActions({
      objects: this.objects,
      clusterCaches: () => this.pipeline.clusterCaches(),
      getEntityStatus: ref => this.reader.getEntityStatus(ref),
      requestTimeoutMs: settings.requestTimeoutMs,
      now: () => options.clock.now(),
      maxReplicas: this.maxReplicas,
    });
    this.actionRecords = new ActionRecorder({
      store: new ActionRecordStore(database),
      settings: readActionRecordSettings(options.config),
      logger,
      now: () => options.clock.now(),
    });
    if (settings.catalogClusters) {
      this.clusterLocator = new CatalogClusterLocator({
        catalog: options.catalog,
        auth: options.auth,
        settings,
      });
    }
  }

  router() {
    return createRouter({
      httpAuth: this.options.httpAuth,
      permissions: this.options.permissions,
      reader: this.reader,
      rollups: this.rollupReader,
      objects: this.objects,
      maxBatchSize: this.settings.maxBatchSize,
      allowServicePrincipals: this.settings.allowServicePrincipals,
      events: this.events,
      jobHistory: this.jobHistory,
      timeline: this.timeline,
      cronJobActions: this.cronJobActions,
      workloadActions: this.workloadActions,
      maxReplicas: this.maxReplicas,
      actionRecords: this.actionRecords,
      auditor: this.options.auditor,
      logs: this.logs,
      logger: this.options.logger,
    });
  }

  inProcessService(): WorkloadStatusService {
    return createInProcessStatusService({
      reader: this.reader,
      rollups: this.rollupReader,
      permissions: this.options.permissions,
      maxBatchSize: this.settings.maxBatchSize,
      timeline: this.timeline,
    });
  }

  async start() {
    const { logger } = this.options;
    this.ownership.logMode();
    if (this.configClusters.length === 0 && !this.clusterLocator) {
      logger.warn(
        'No clusters configured (kubernetes.clusterLocatorMethods or workloadStatus.kubeconfig): every entity will be NotFound',
      );
    }
    // with a scheduler, the pruning is its task (scheduled below)
    this.jobHistoryRecorder.start({ ownPruneTimer: !this.options.scheduler });
    this.notifier?.start();
    for (const spec of this.configClusters) {
      try {
        this.pipeline.addCluster(spec);
      } catch (e) {
        if (!this.settings.clusterLocatorContinueOnError) throw e;
        logger.error(`Cluster ${spec.name} skipped: ${e}`);
      }
    }
    this.pipeline.start();
    await this.refresh();
    // The catalog is still ingesting when the backend starts: read it again
    // soon, then every entityRefresh (unknown refs are also read on demand).
    for (const delay of [10_000, 30_000]) {
      if (delay >= this.settings.entityRefreshMs) break;
      const early = setTimeout(() => this.refresh(), delay);
      early.unref?.();
      this.earlyRefreshes.push(early);
    }
    this.refreshTimer = setInterval(
      () => this.refresh(),
      this.settings.entityRefreshMs,
    );
    this.refreshTimer.unref?.();
    // a scheduler that cannot start (its database) leaves the bounds
    // unapplied for now; the statuses do not depend on it
    if (this.options.scheduler) {
      await scheduleRetention({
        scheduler: this.options.scheduler,
        timeline: this.timeline,
        expiredEvents: this.expiredEventStore,
        expiredEventSettings: this.expiredEventSettings,
        logger,
        now: () => this.options.clock.now(),
      }).catch(e =>
        logger.warn(`Scheduling the timeline's retention failed: ${e}`),
      );
      await scheduleJobHistoryPruning({
        scheduler: this.options.scheduler,
        recorder: this.jobHistoryRecorder,
        intervalMs: readJobHistorySettings(this.options.config).pruneIntervalMs,
        logger,
      }).catch(e => {
        // the bounds still apply, on every replica
        logger.warn(
          `Scheduling the job history's pruning failed, pruning on a timer: ${e}`,
        );
        this.jobHistoryRecorder.start({ ownPruneTimer: true });
      });
      await scheduleActionRecordPruning({
        scheduler: this.options.scheduler,
        recorder: this.actionRecords,
        intervalMs: readActionRecordSettings(this.options.config)
          .pruneIntervalMs,
        logger,
      }).catch(e =>
        logger.warn(`Scheduling the action records' pruning failed: ${e}`),
      );
      if (this.notifier) {
        await scheduleClaimPruning({
          scheduler: this.options.scheduler,
          notifier: this.notifier,
          logger,
        }).catch(e =>
          logger.warn(
            `Scheduling the notification claims' pruning failed: ${e}`,
          ),
        );
      }
    }
  }

  async stop() {
    clearInterval(this.refreshTimer);
    this.earlyRefreshes.forEach(t => clearTimeout(t));
    this.publisher.stop();
    // before the caches stop: a stopping cache is not a change of status
    await this.timelineRecorder.stop();
    await this.pipeline.stop();
    await this.usage.stop();
    await this.eventCaches.stop();
    await this.expiredEventRecorder.stop();
    await this.ownership.stop();
    await this.jobHistoryRecorder.stop();
    await this.notifier?.stop();
  }

  private refreshing?: Promise<void>;

  /** Re-reads catalog entities (and catalog clusters); never throws, never overlaps. */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** The owning groups' parents, for Group rollups; never throws. */
  private async refreshRollupGroups() {
    try {
      if (await this.rollupGroups.refresh(this.rollups.ownerGroups())) {
        this.rollups.groupsChanged();
      }
    } catch (e) {
      this.options.logger.warn(
        `Rollups: reading the owning groups' parents from the catalog failed (the last ones read stay in use): ${e}`,
      );
    }
  }

  private async doRefresh() {
    try {
      await this.source.refresh();
    } catch (e) {
      this.options.logger.warn(
        `Reading entities from the catalog failed: ${e}`,
      );
    }
    // the owners' groups, after their entities: never per status
    await this.ownership.refresh();
    await this.refreshRollupGroups();
    if (!this.clusterLocator) return;
    try {
      const { clusters, skipped } = await this.clusterLocator.getClusters();
      skipped.forEach(s =>
        this.options.logger.warn(`Catalog cluster skipped: ${s}`),
      );
      const wanted = new Set(clusters.map(c => c.name));
      for (const spec of clusters) this.pipeline.addCluster(spec);
      for (const name of this.pipeline.clusterCaches().keys()) {
        const fromConfig = this.configClusters.some(c => c.name === name);
        if (!fromConfig && !wanted.has(name)) {
          await this.pipeline.removeCluster(name);
        }
      }
    } catch (e) {
      this.options.logger.warn(
        `Reading clusters from the catalog failed: ${e}`,
      );
    }
  }
}
