/** Where a cluster's definition came from. */
export type ClusterSource =
  | 'config'
  | 'catalog'
  | 'localKubectlProxy'
  | 'kubeconfig';

/** One cluster to watch, as read from configuration or the catalog. */
export interface ClusterSpec {
  name: string;
  title?: string;
  url: string;
  source: ClusterSource;
  /** `serviceAccount`, `localKubectlProxy` or `kubeconfig` */
  authProvider: string;
  /** never logged, never returned */
  serviceAccountToken?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  /** for `kubeconfig` clusters */
  kubeconfig?: { path: string; context?: string };
  operators: OperatorSpec[];
}

/** An operator whose log names the services' objects (the operator log). */
export interface OperatorSpec {
  /** configured, or `<namespace>/<labelSelector>` */
  name: string;
  namespace: string;
  labelSelector: string;
  container?: string;
}

/** A Kubernetes resource type, as its URL names it. */
export interface ResourceType {
  /** empty for the core group */
  group: string;
  version: string;
  plural: string;
  kind: string;
}

export type ServiceLocatorMethod =
  | 'multiTenant'
  | 'singleTenant'
  | 'catalogRelation';

/** The plugin's settings, with defaults applied, in milliseconds. */
export interface WorkloadStatusSettings {
  serviceLocatorMethod: ServiceLocatorMethod;
  clusterLocatorContinueOnError: boolean;
  /** true when a `catalog` cluster locator is configured */
  catalogClusters: boolean;
  requestTimeoutMs: number;
  resyncMs: number;
  staleAfterMs: number;
  watchInactivityTimeoutMs: number;
  watchTimeoutSeconds: { min: number; max: number };
  backoff: { initialMs: number; maxMs: number };
  /** a watch that ends sooner counts as a failure; one that lasts resets the backoff */
  minWatchDurationMs: number;
  pageSize: number;
  /** LIST pages parsed in a worker thread (true), or on the event loop's (default) */
  listWorker: boolean;
  /** most bytes of one LIST page (a page over it halves the page size) */
  maxResponseBytes: number;
  /** most bytes of one watch event */
  maxWatchLineBytes: number;
  entityRefreshMs: number;
  signalDebounceMs: number;
  maxBatchSize: number;
  buildSources: ResourceType[];
  /** bounds of every log route (`workloadStatus.logs`) */
  logs: LogSettings;
  /** per-cluster settings from `workloadStatus.clusters` */
  clusterSettings: Record<string, ClusterSettings>;
  /**
   * subjects of service principals that may read logs and act on CronJobs
   * (`workloadStatus.allowServicePrincipals`); users only otherwise
   */
  allowServicePrincipals: string[];
}

/** One cluster's settings (`workloadStatus.clusters.<name>`). */
export interface ClusterSettings {
  serviceAccountToken?: string;
  /**
   * for a cluster of the `catalog` locator: the only API server its token
   * is sent to, whatever the catalog entity says
   */
  url?: string;
  /** for a cluster of the `catalog` locator: the CA to trust, in place of the system's */
  caData?: string;
  /** lets a catalog cluster's `url` be plain http (the token then travels in clear) */
  allowInsecureHttp: boolean;
  operators: OperatorSpec[];
}

/** How much a log route may read and for how long (`workloadStatus.logs`). */
export interface LogSettings {
  /** lines read when the caller names no tailLines */
  defaultTailLines: number;
  /** most lines a caller may ask for */
  maxTailLines: number;
  /** most bytes one log response carries (the cap on limitBytes) */
  maxBytes: number;
  /** a follow stream is closed after this */
  followTimeoutMs: number;
  /** most follow streams open at once (each holds a cluster connection) */
  maxFollowStreams: number;
  /** lines read from each operator pod for the operator log */
  operatorTailLines: number;
  /** most log requests (follow or not, build and operator logs too) one caller has open at once */
  maxStreamsPerUser: number;
  /** a log answer that is not a follow stream is cut after this */
  readTimeoutMs: number;
  /** most step logs read for one build-log answer */
  maxBuildStepReads: number;
  /** most pods read per operator for the operator log */
  operatorMaxPods: number;
  /** most bytes read from operator pods for one operator-log answer */
  operatorMaxBytes: number;
  /** an entity's operator-log answer is reused for this long */
  operatorCacheTtlMs: number;
  /** most entities whose operator-log answer is kept */
  operatorCacheMaxEntries: number;
  /** most bytes of operator-log answers kept */
  operatorCacheMaxBytes: number;
}
