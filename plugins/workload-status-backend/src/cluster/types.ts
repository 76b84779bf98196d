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
  pageSize: number;
  entityRefreshMs: number;
  signalDebounceMs: number;
  maxBatchSize: number;
  buildSources: ResourceType[];
  /** bounds of every log route (`workloadStatus.logs`) */
  logs: LogSettings;
  /** per-cluster settings from `workloadStatus.clusters` */
  clusterSettings: Record<
    string,
    { serviceAccountToken?: string; operators: OperatorSpec[] }
  >;
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
}
