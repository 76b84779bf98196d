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
    /**
     * How often clusters are checked for going stale by silence, and the
     * shortest time between two time-driven recomputes of one entity (a
     * status that changes with the clock itself). Time-based rules wake
     * only the entities whose status changes, when it changes. Default 30 seconds.
     */
    resync?: Duration;
    /** A cluster whose last successful contact is older than this is stale. Default 2 minutes. */
    staleAfter?: Duration;
    /** A watch that sends nothing (not even a bookmark) for this long is restarted. Default 2 minutes. */
    watchInactivityTimeout?: Duration;
    /** Server-side watch timeout, drawn at random between min and max seconds. Default 300..600. */
    watchTimeoutSeconds?: { min: number; max: number };
    /** Reconnect backoff, doubled with jitter between these. Default 800 ms .. 30 s. */
    backoff?: { initial?: Duration; max?: Duration };
    /**
     * A watch that ends (even cleanly) sooner than this after it opened
     * counts as a failure and the next one waits the backoff; a watch that
     * lasted this long resets the backoff. At most watchTimeoutSeconds.min.
     * Default 5 seconds.
     */
    minWatchDuration?: Duration;
    /** Objects per LIST page. Default 500. */
    pageSize?: number;
    /**
     * Parse, project and redact LIST pages in a worker thread (one per
     * backend), so the event loop's thread parses only what is stored of
     * each object: half its CPU at a large sync, a fifth at a relist, for
     * about a third more CPU in all (each object is parsed twice). For
     * backends with cores to spare; under a CPU quota the extra CPU is
     * throttled time for the whole process. Default false: LIST pages are
     * parsed on the event loop's thread, item by item, in 5 ms slices.
     */
    listWorker?: boolean;
    /**
     * Most bytes of one LIST page read from a cluster; a page past it is
     * aborted, the resource type is not synced until a LIST completes, and
     * the next LIST asks for half as many objects per page. From 64 KiB to
     * 1 GiB. Default 16 MiB (16777216).
     */
    maxResponseBytes?: number;
    /**
     * Most bytes of one watch event (one object as JSON); past it the watch
     * is cut and the resource type relisted after the backoff. From 64 KiB
     * to maxResponseBytes. Default 8 MiB (8388608).
     */
    maxWatchLineBytes?: number;
    /** How often the catalog is read for annotated entities. Default 1 minute. */
    entityRefresh?: Duration;
    /** Changes of one entity within this window are published as one signal. Default 1 second. */
    signalDebounce?: Duration;
    /** Most entity refs accepted by POST /v1/summaries. Default 1000. */
    maxBatchSize?: number;
    /**
     * Container CPU and memory from metrics.k8s.io (metrics-server): one
     * LIST of PodMetrics per cluster per interval, kept as numbers.
     */
    usage?: {
      /** Read usage at all. Default true. */
      enabled?: boolean;
      /** Seconds between two LISTs of a cluster's PodMetrics. Default 30. */
      intervalSeconds?: number;
      /** Pods whose usage is kept per cluster; the rest is dropped. Default 50000. */
      maxPodsPerCluster?: number;
      /** Bytes of one PodMetrics LIST answer; a larger one is aborted. Default 33554432 (32 MiB). */
      maxResponseBytes?: number;
    };
    /** System and Group statuses: the worst of their members'. */
    rollups?: {
      /**
       * A Group's status takes in the entities its child groups own (and
       * theirs), not only those it owns itself. Default true.
       */
      groupDescendants?: boolean;
    };
    /** The events cache (core/v1 and events.k8s.io/v1 Events, watched per cluster). */
    events?: {
      /** Events kept per cluster; the least recently seen are dropped first. Default 10000. */
      maxPerCluster?: number;
      /**
       * Estimated heap bytes of the events kept per cluster; past it the
       * least recently seen are dropped first. From 1 MiB. Default 32 MiB (33554432).
       */
      maxBytesPerCluster?: number;
      /**
       * Bytes of UTF-8 kept of each event's message (redacted, then cut at
       * a character boundary; the event says `messageTruncated`). From 256
       * to 65536. Default 4 KiB (4096).
       */
      maxMessageBytes?: number;
      /**
       * Most bytes of one events answer; past it the least important events
       * are left out and the answer says `truncated`. From 64 KiB, at least
       * 4 times maxMessageBytes. Default 1 MiB (1048576).
       */
      maxResponseBytes?: number;
      /**
       * Events of entities' objects kept in the plugin's database after the
       * cluster deletes them (answered marked `expired`).
       */
      expired?: {
        /** Events last seen longer ago are dropped. From 1 to 365. Default 7. */
        maxAgeDays?: number;
        /** Bytes of text kept; past it the oldest events go. Default 64 MiB (67108864). */
        maxBytes?: number;
      };
    };
    /** The status timeline, kept in the plugin's database. */
    timeline?: {
      /** Changes older than this are dropped. From 1 to 3650. Default 30. */
      maxAgeDays?: number;
      /** Changes kept per workload (and per entity). From 1 to 100000. Default 500. */
      maxRowsPerWorkload?: number;
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
    /**
     * Notifications to entities' owners (Backstage's notifications backend):
     * an entity turned error, a CronJob run failed or missed its schedule,
     * the entity recovered.
     */
    notifications?: {
      /** false: none is sent, for any entity. Default true. */
      enabled?: boolean;
      /**
       * At most one problem and one recovery notification per entity in
       * each window of this length. From 10 seconds to 7 days. Default 15 minutes.
       */
      debounce?: Duration;
      /**
       * An entity is told recovered once it has stayed out of error this
       * long. From 0 to 7 days. Default 5 minutes.
       */
      recoveryDelay?: Duration;
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
      /**
       * Most log requests one caller (user, or service) has open at once:
       * service and job logs (follow or not), build and operator logs; past it 429. Default 4.
       */
      maxStreamsPerUser?: number;
      /**
       * A log answer that is not a follow stream (service, job, build and
       * operator logs) is cut after this and says it is incomplete. Default 30 seconds.
       */
      readTimeout?: Duration;
      /** Most step logs read for one build-log answer (the rest are listed unread). Default 30. */
      maxBuildStepReads?: number;
      /** Most pods read per operator for the operator log. Default 10. */
      operatorMaxPods?: number;
      /** Most bytes read from operator pods for one operator-log answer. Default 8 MiB (8388608). */
      operatorMaxBytes?: number;
      /** An entity's operator-log answer is reused for this long. Default 10 seconds. */
      operatorCacheTtl?: Duration;
      /** Most entities whose operator-log answer is kept. Default 100. */
      operatorCacheMaxEntries?: number;
      /** Most bytes of operator-log answers kept, all entities together. Default 32 MiB (33554432). */
      operatorCacheMaxBytes?: number;
    };
    /**
     * Service principals (by subject: `plugin:<pluginId>` for another
     * backend plugin, the `subject` of a static external access token,
     * `external:<sub>` for a JWKS token) that may read logs (service, job,
     * build and operator logs) and stop, resume, run or delete CronJobs.
     * The permission policy is never asked about services, so without this
     * only users may. Statuses, summaries and events stay readable by
     * services. Default: none.
     */
    allowServicePrincipals?: string[];
    /** The CronJob and workload actions. */
    actions?: {
      /**
       * Least time between two runs started with "run now" on one CronJob
       * (a click repeated or a script); a sooner one is refused with 429.
       * Zero turns the limit off. Default 1 minute.
       */
      runNowMinInterval?: Duration;
      /**
       * The most replicas a scale or start may ask for (an integer from 1
       * to 100000): a typo such as 1000 for 10 is refused rather than sent
       * to the cluster. Default 100.
       */
      maxReplicas?: number;
    };
    /**
     * Namespace ownership: logs (service, job, build, operator) and CronJob
     * actions are allowed only on objects in namespaces owned by the
     * entity's owner, a group it is a member of, or a parent of one, on
     * top of the permission check. Objects in other namespaces are still
     * shown, with a `NamespaceNotOwned` warning. Default: an object, with
     * the defaults below (ownership checked).
     *
     * `trust-catalog` turns the check off: whoever may register a catalog
     * entity then decides which cluster objects it owns (logged at start
     * as a warning).
     */
    ownership?:
      | 'trust-catalog'
      | {
          /**
           * The Namespace label or annotation that names its owner: a group
           * name in a label (`team-shop`), any entity ref in an annotation
           * (`group:default/team-shop`). Default `backstage.io/owner`.
           */
          namespaceOwnerKey?: string;
          /**
           * Owners set here win over the cluster's label or annotation
           * (app-config is the operators' word; a label is whoever may edit
           * the Namespace). Without `cluster`, the namespace of that name in
           * every cluster; an entry with `cluster` wins over one without.
           * Default: none.
           */
          namespaces?: Array<{
            cluster?: string;
            namespace: string;
            /** An entity ref; a bare name is a group in the default namespace. */
            owner: string;
          }>;
          /**
           * Most users and groups whose memberships and parents are kept
           * (the owners of the entities and their groups, read from the
           * catalog on each entity refresh). Default 20000.
           */
          maxOwnerRefs?: number;
        };
    /** Per-cluster settings, by cluster name. */
    clusters?: {
      [name: string]: {
        /**
         * Token for a cluster found by the `catalog` locator (whose entity
         * cannot carry a secret). Needs `url`.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /**
         * For a cluster found by the `catalog` locator: the API server the
         * token is sent to, the only one. The entity's
         * `kubernetes.io/api-server` must name the same server (compared as
         * URLs), else the entity is refused. Required with
         * `serviceAccountToken`; https unless `allowInsecureHttp`.
         */
        url?: string;
        /**
         * For a cluster found by the `catalog` locator: the CA (base64 PEM)
         * its API server is checked against. Default: the system's CAs. An
         * entity whose `kubernetes.io/api-server-certificate-authority`
         * differs (or is set while this is not) is refused.
         * @visibility secret
         */
        caData?: string;
        /**
         * For a cluster found by the `catalog` locator: lets `url` be plain
         * http, which sends the token in clear. Default false.
         */
        allowInsecureHttp?: boolean;
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
