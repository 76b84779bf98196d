/**
 * A duration: an object of units (`{ seconds: 30 }`) or a string (`'30s'`,
 * `'2m'`, ISO 8601 `'PT30S'`), as Backstage's readDurationFromConfig reads it.
 */
type Duration =
  | string
  | {
      milliseconds?: number;
      seconds?: number;
      minutes?: number;
      hours?: number;
      days?: number;
    };

export interface Config {
  /**
   * Backstage's Kubernetes plugin configuration, read as that plugin reads
   * it (only what the Workload Status backend uses is declared here; the
   * Kubernetes plugin declares the rest).
   */
  kubernetes?: {
    serviceLocatorMethod?: {
      type: 'multiTenant' | 'singleTenant' | 'catalogRelation';
    };
    clusterLocatorContinueOnError?: boolean;
    clusterLocatorMethods?: Array<{
      type: 'config' | 'catalog' | 'localKubectlProxy' | 'gke';
      clusters?: Array<{
        name: string;
        url: string;
        title?: string;
        authProvider?: string;
        /** @visibility secret */
        serviceAccountToken?: string;
        /** @visibility secret */
        caData?: string;
        /** @visibility secret */
        caFile?: string;
        skipTLSVerify?: boolean;
      }>;
    }>;
  };

  /** Workload Status backend: what the Kubernetes plugin's config has no key for. */
  workloadStatus?: {
    /**
     * A kubeconfig file for local use; its context becomes one more cluster,
     * named after the context unless `name` is given.
     */
    kubeconfig?: { path: string; context?: string; name?: string };
    /** Timeout of every non-watch cluster request. Default 10 seconds. */
    requestTimeout?: Duration;
    /** How often entity statuses are recomputed for time-based rules. Default 30 seconds. */
    resync?: Duration;
    /** A cluster whose last successful contact is older than this is stale. Default 2 minutes. */
    staleAfter?: Duration;
    /** A watch that sends nothing (not even a bookmark) for this long is restarted. Default 2 minutes. */
    watchInactivityTimeout?: Duration;
    /** Server-side watch timeout, drawn at random between min and max seconds. Default 300..600. */
    watchTimeoutSeconds?: { min: number; max: number };
    /** Reconnect backoff, doubled with jitter between these. Default 800 ms .. 30 s. */
    backoff?: { initial?: Duration; max?: Duration };
    /** Objects per LIST page. Default 500. */
    pageSize?: number;
    /** How often the catalog is read for annotated entities. Default 1 minute. */
    entityRefresh?: Duration;
    /** Changes of one entity within this window are published as one signal. Default 1 second. */
    signalDebounce?: Duration;
    /** Most entity refs accepted by POST /v1/summaries. Default 1000. */
    maxBatchSize?: number;
    /** The events cache (core/v1 and events.k8s.io/v1 Events, watched per cluster). */
    events?: {
      /** Events kept per cluster; the least recently seen are dropped first. Default 10000. */
      maxPerCluster?: number;
    };
    /** The job history, kept in the plugin's database. */
    jobHistory?: {
      /** Runs kept per CronJob (and per standalone Job name). Default 100. */
      maxRunsPerOwner?: number;
      /** Runs that started longer ago are dropped. Default 30 days. */
      maxAge?: Duration;
      /** How often the two bounds are applied. Default 1 hour. */
      pruneInterval?: Duration;
      /** Job changes within this window are written in one batch. Default 1 second. */
      flushDelay?: Duration;
    };
    /** Extra build resource types watched in every cluster (Tekton, Shipwright, ...). */
    buildSources?: Array<{
      group: string;
      version: string;
      plural: string;
      kind: string;
    }>;
    /**
     * Bounds of the log routes (service, job, build and operator logs),
     * whatever a caller asks for.
     */
    logs?: {
      /** Lines read when the caller names no tailLines. Default 500. */
      defaultTailLines?: number;
      /** Most lines a caller may ask for (tailLines). Default 10000. */
      maxTailLines?: number;
      /** Most bytes of one log response, the cap on limitBytes. Default 2 MiB (2097152). */
      maxBytes?: number;
      /** A follow stream is closed after this. Default 30 minutes. */
      followTimeout?: Duration;
      /** Most follow streams open at once (each holds a cluster connection); past it 503. Default 100. */
      maxFollowStreams?: number;
      /** Lines read from each operator pod for the operator log. Default 1000. */
      operatorTailLines?: number;
    };
    /** Per-cluster settings, by cluster name. */
    clusters?: {
      [name: string]: {
        /**
         * Token for a cluster found by the `catalog` locator (whose entity
         * cannot carry a secret).
         * @visibility secret
         */
        serviceAccountToken?: string;
        /**
         * Operators whose logs form the operator log: their pods are listed
         * by `labelSelector` in `namespace` at request time, and the lines
         * that name an entity's objects are shown on that entity.
         */
        operators?: Array<{
          /** Shown in the operator log. Default `<namespace>/<labelSelector>`. */
          name?: string;
          namespace: string;
          labelSelector: string;
          /** The container to read. Default: the pod's first container. */
          container?: string;
        }>;
      };
    };
  };
}
