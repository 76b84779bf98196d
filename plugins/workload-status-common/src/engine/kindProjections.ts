/*
 * The field selections of the kind table's projections: per kind, the
 * `spec` and `status` paths its rule reads. Shared pieces (conditions, pod
 * templates, container statuses) are defined once.
 */

/** A field selection: `true` keeps the value, `TEXT` keeps a bounded string, a map recurses, `each` maps a list. @public */
export type Selection =
  | true
  | typeof TEXT
  | { each: Selection }
  | { [key: string]: Selection };

export const TEXT = 'text' as const;

/** Annotations some rule reads; every other annotation is dropped. */
export const KEPT_ANNOTATIONS: readonly string[] = [
  'deployment.kubernetes.io/revision',
  'cronjob.kubernetes.io/instantiate',
  'argocd.argoproj.io/ignore-restart-policy',
  'argocd.argoproj.io/hook',
  'autoscaling.alpha.kubernetes.io/conditions',
  'workload-status.backstage.io/revision',
  'pipelinesascode.tekton.dev/sha',
  'build.appstudio.redhat.com/commit_sha',
  'rollout.argoproj.io/revision',
  'rollout.argoproj.io/workload-generation',
  'openshift.io/deployment-config.latest-version',
];

const condition: Selection = {
  each: {
    type: true,
    status: true,
    reason: true,
    message: TEXT,
    lastTransitionTime: true,
  },
};
const containerImages: Selection = { each: { name: true, image: true } };
const template: Selection = { spec: { containers: containerImages } };
const containerStatus: Selection = {
  each: {
    name: true,
    image: true,
    ready: true,
    started: true,
    restartCount: true,
    state: {
      waiting: { reason: true, message: TEXT },
      running: { startedAt: true },
      terminated: {
        reason: true,
        message: TEXT,
        exitCode: true,
        signal: true,
        startedAt: true,
        finishedAt: true,
      },
    },
    lastState: {
      terminated: {
        reason: true,
        exitCode: true,
        signal: true,
        finishedAt: true,
      },
    },
  },
};

/** What a kind keeps of `spec` and `status`. @public */
export interface KindProjection {
  spec?: Selection;
  status?: Selection;
}

/** Kinds judged by a rule from outside the engine keep all of spec and status. @public */
export const WHOLE_FIELDS: KindProjection = { spec: true, status: true };

export const POD_FIELDS: KindProjection = {
  spec: {
    restartPolicy: true,
    nodeName: true,
    containers: {
      each: {
        name: true,
        image: true,
        readinessProbe: {
          initialDelaySeconds: true,
          periodSeconds: true,
          failureThreshold: true,
        },
        // usage against requests and limits; the memory-limit warning
        resources: {
          requests: { cpu: true, memory: true },
          limits: { cpu: true, memory: true },
        },
      },
    },
    initContainers: {
      each: { name: true, image: true, restartPolicy: true },
    },
  },
  status: {
    phase: true,
    reason: true,
    message: TEXT,
    startTime: true,
    conditions: condition,
    initContainerStatuses: containerStatus,
    containerStatuses: containerStatus,
  },
};

export const DEPLOYMENT_FIELDS: KindProjection = {
  spec: {
    replicas: true,
    paused: true,
    progressDeadlineSeconds: true,
    strategy: { type: true },
    template,
  },
  status: {
    observedGeneration: true,
    replicas: true,
    updatedReplicas: true,
    readyReplicas: true,
    availableReplicas: true,
    unavailableReplicas: true,
    conditions: condition,
  },
};

export const REPLICA_SET_FIELDS: KindProjection = {
  spec: { replicas: true, template },
  status: {
    observedGeneration: true,
    replicas: true,
    fullyLabeledReplicas: true,
    readyReplicas: true,
    availableReplicas: true,
    conditions: condition,
  },
};

export const STATEFUL_SET_FIELDS: KindProjection = {
  spec: {
    replicas: true,
    updateStrategy: { type: true, rollingUpdate: { partition: true } },
    template,
  },
  status: {
    observedGeneration: true,
    replicas: true,
    readyReplicas: true,
    currentReplicas: true,
    updatedReplicas: true,
    availableReplicas: true,
    currentRevision: true,
    updateRevision: true,
    conditions: condition,
  },
};

export const DAEMON_SET_FIELDS: KindProjection = {
  spec: { updateStrategy: { type: true }, template },
  status: {
    observedGeneration: true,
    desiredNumberScheduled: true,
    currentNumberScheduled: true,
    updatedNumberScheduled: true,
    numberAvailable: true,
    numberReady: true,
    numberUnavailable: true,
    numberMisscheduled: true,
    conditions: condition,
  },
};

export const JOB_FIELDS: KindProjection = {
  spec: {
    suspend: true,
    completions: true,
    parallelism: true,
    backoffLimit: true,
    activeDeadlineSeconds: true,
    template,
  },
  status: {
    active: true,
    succeeded: true,
    failed: true,
    ready: true,
    startTime: true,
    completionTime: true,
    conditions: condition,
  },
};

export const CRON_JOB_FIELDS: KindProjection = {
  spec: {
    schedule: true,
    timeZone: true,
    suspend: true,
    startingDeadlineSeconds: true,
    concurrencyPolicy: true,
    successfulJobsHistoryLimit: true,
    failedJobsHistoryLimit: true,
    jobTemplate: { spec: { template } },
  },
  status: {
    active: { each: { name: true, namespace: true, uid: true } },
    lastScheduleTime: true,
    lastSuccessfulTime: true,
  },
};

export const HORIZONTAL_POD_AUTOSCALER_FIELDS: KindProjection = {
  spec: {
    minReplicas: true,
    maxReplicas: true,
    scaleTargetRef: { apiVersion: true, kind: true, name: true },
  },
  status: {
    currentReplicas: true,
    desiredReplicas: true,
    conditions: condition,
  },
};

export const PIPELINE_RUN_FIELDS: KindProjection = {
  spec: { status: true, pipelineRef: { name: true } },
  status: {
    startTime: true,
    completionTime: true,
    conditions: condition,
    childReferences: {
      each: { kind: true, name: true, pipelineTaskName: true },
    },
  },
};

export const TASK_RUN_FIELDS: KindProjection = {
  spec: { status: true, taskRef: { name: true } },
  status: {
    startTime: true,
    completionTime: true,
    podName: true,
    conditions: condition,
  },
};

export const BUILD_RUN_FIELDS: KindProjection = {
  spec: { state: true, buildRef: { name: true }, build: { name: true } },
  status: {
    startTime: true,
    completionTime: true,
    conditions: condition,
    taskRunName: true,
    executor: { kind: true, name: true },
    sources: { each: { git: { commitSha: true } } },
    output: { digest: true },
  },
};

export const NODE_FIELDS: KindProjection = {
  status: { conditions: condition },
};

export const ROLLOUT_FIELDS: KindProjection = {
  spec: {
    replicas: true,
    paused: true,
    workloadRef: { kind: true, name: true },
    strategy: {
      canary: { steps: { each: { setWeight: true, pause: true } } },
      blueGreen: { activeService: true, previewService: true },
    },
    template,
  },
  status: {
    phase: TEXT,
    message: TEXT,
    abort: true,
    controllerPause: true,
    verifyingPreview: true,
    pauseConditions: { each: { reason: TEXT, startTime: true } },
    currentPodHash: true,
    stableRS: true,
    canary: { stableRS: true },
    blueGreen: { activeSelector: true },
    activeSelector: true,
    currentStepIndex: true,
    observedGeneration: true,
    workloadObservedGeneration: true,
    replicas: true,
    updatedReplicas: true,
    readyReplicas: true,
    availableReplicas: true,
    conditions: condition,
  },
};

const knativeStatus: Selection = {
  observedGeneration: true,
  latestCreatedRevisionName: true,
  latestReadyRevisionName: true,
  conditions: condition,
};

export const KNATIVE_SERVICE_FIELDS: KindProjection = {
  spec: { template },
  status: knativeStatus,
};

export const KNATIVE_CONFIGURATION_FIELDS = KNATIVE_SERVICE_FIELDS;

export const KNATIVE_REVISION_FIELDS: KindProjection = {
  spec: { containers: containerImages },
  status: {
    observedGeneration: true,
    actualReplicas: true,
    desiredReplicas: true,
    conditions: condition,
  },
};

export const DEPLOYMENT_CONFIG_FIELDS: KindProjection = {
  spec: { replicas: true, paused: true, template },
  status: {
    observedGeneration: true,
    latestVersion: true,
    replicas: true,
    updatedReplicas: true,
    readyReplicas: true,
    availableReplicas: true,
    unavailableReplicas: true,
    conditions: condition,
  },
};

export const REPLICATION_CONTROLLER_FIELDS = REPLICA_SET_FIELDS;

export const VIRTUAL_MACHINE_FIELDS: KindProjection = {
  spec: { running: true, runStrategy: true },
  status: {
    printableStatus: TEXT,
    ready: true,
    observedGeneration: true,
    conditions: condition,
  },
};

export const VIRTUAL_MACHINE_INSTANCE_FIELDS: KindProjection = {
  status: { phase: TEXT, reason: TEXT, conditions: condition },
};
