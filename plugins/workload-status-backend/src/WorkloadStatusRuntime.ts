import type {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type {
  WorkloadStatusBuildSource,
  WorkloadStatusKindRule,
  WorkloadStatusService,
} from '@internal/plugin-workload-status-node';
import { readActionSettings } from './actions/ActionSettings';
import { CronJobActions } from './actions/CronJobActions';
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
import { JobRunStore } from './diagnostics/history/JobRunStore';
import { CatalogEntitySource } from './matching/CatalogEntitySource';
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
  /** the job history table */
  database: DatabaseService;
  clock: WorkloadStatusClock;
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
  readonly cronJobActions: CronJobActions;
  private readonly publisher: EntityChangePublisher;
  private readonly clusterLocator?: CatalogClusterLocator;
  /** System and Group statuses */
  readonly rollups: EntityRollups;
  readonly rollupReader: RollupReader;
  /** the parents of the groups that own entities (Group rollups) */
  private readonly rollupGroups: OwnerGroups;

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
    this.pipeline.statuses.onStatusChange(ref => {
      this.publisher.entityChanged(ref);
      this.rollups.statusChanged(ref);
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
      },
      onChanged: (changed, removed) => {
        removed.forEach(ref => {
          this.pipeline.statuses.forget(ref);
          this.ownership.entityRemoved(ref);
          this.rollups.entityRemoved(ref);
        });
        this.pipeline.statuses.markDirty(changed);
      },
    });
    this.reader = new StatusReader(this.pipeline, this.source);
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
    this.eventCaches = new EventCaches({
      settings,
      events: eventSettings,
      logger,
    });
    this.pipeline.addClusterListener(this.eventCaches);
    this.events = new EntityEventsService(this.objects, this.eventCaches, {
      maxResponseBytes: eventSettings.maxResponseBytes,
    });
    const jobRuns = JobRunStore.create(options.database);
    this.jobHistoryRecorder = new JobHistoryRecorder({
      store: jobRuns,
      settings: readJobHistorySettings(options.config),
      logger,
      now: () => options.clock.now(),
    });
    this.pipeline.addClusterListener(this.jobHistoryRecorder);
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
      cronJobActions: this.cronJobActions,
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
    this.jobHistoryRecorder.start();
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
  }

  async stop() {
    clearInterval(this.refreshTimer);
    this.earlyRefreshes.forEach(t => clearTimeout(t));
    this.publisher.stop();
    await this.pipeline.stop();
    await this.eventCaches.stop();
    await this.ownership.stop();
    await this.jobHistoryRecorder.stop();
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
