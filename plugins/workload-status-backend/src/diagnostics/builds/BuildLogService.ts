import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  BuildLogResponse,
  BuildLogStep,
  KubeObject,
} from '@workload-status/backstage-plugin-workload-status-common';
import { publicClusterError, statusOf } from '../../cluster/clusterErrorText';
import type { LogSettings } from '../../cluster/types';
import { withInternalDetail } from '../../service/publicErrors';
import type { EntityObjectRef, EntityObjects } from '../EntityObjects';
import type { PodLogReader } from '../logs/PodLogReader';
import { BuildStepPlan, PlannedStep, stateOf } from './BuildStepPlan';

// a build with more steps than this is listed in part
const MAX_STEPS = 100;
// each step gets an equal share of maxBytes, but never less than this
const MIN_STEP_BYTES = 16 * 1024;

type Limits = Pick<
  LogSettings,
  'maxBytes' | 'maxBuildStepReads' | 'readTimeoutMs'
>;

/**
 * The build log: the log of each step of a build run (Tekton TaskRun or
 * PipelineRun, Shipwright BuildRun, build Job), in execution order,
 * redacted. The build must belong to the entity.
 *
 * Steps are read one after the other, so one answer is bounded in reads
 * (maxBuildStepReads: failed and running steps are read first, then the
 * latest) and in time (readTimeout, for all reads together); what is cut
 * is listed as unread and the answer says it is incomplete.
 */
export class BuildLogService {
  constructor(
    private readonly objects: Pick<
      EntityObjects,
      'find' | 'resolve' | 'connection'
    >,
    private readonly reader: Pick<PodLogReader, 'read'>,
    private readonly limits: Limits,
    private readonly now: () => number = Date.now,
  ) {}

  async read(
    entityRef: string,
    ref: EntityObjectRef,
    tailLines: number,
  ): Promise<BuildLogResponse> {
    const deadline = this.now() + this.limits.readTimeoutMs;
    const incomplete = new Set<string>();
    const outOfTime = () => {
      incomplete.add(
        `the step logs were not all read within ${seconds(
          this.limits.readTimeoutMs,
        )} (workloadStatus.logs.readTimeout)`,
      );
    };

    const build = await this.objects.find(entityRef, ref);
    const clusterObjects = (await this.objects.resolve(entityRef)).find(
      c => c.cluster === ref.cluster,
    );
    const objects: KubeObject[] = [];
    for (const uid of clusterObjects?.uids ?? []) {
      const obj = clusterObjects!.store.get(uid);
      if (obj) objects.push(obj);
    }

    const planned: PlannedStep[] = [];
    for (const group of new BuildStepPlan(objects).groups(build)) {
      if (group.pod || !group.taskRun) {
        planned.push(...group.steps);
      } else if (this.now() >= deadline) {
        outOfTime();
      } else {
        // the TaskRun's pod is gone: its steps are only in the TaskRun,
        // whose step list the cache does not keep
        const steps = await this.taskRunSteps(
          ref.cluster,
          group.taskRun,
          build.kind === 'PipelineRun',
          deadline,
        );
        if (steps) planned.push(...steps);
        else outOfTime();
      }
    }
    if (planned.length > MAX_STEPS) {
      incomplete.add(
        `the build has ${planned.length} steps; the first ${MAX_STEPS} are listed`,
      );
    }
    const steps = planned.slice(0, MAX_STEPS);
    const chosen = chooseReads(steps, this.limits.maxBuildStepReads);
    const readable = steps.filter(isReadable).length;
    if (readable > chosen.size) {
      incomplete.add(
        `${
          readable - chosen.size
        } of ${readable} step logs were not read: at most ${
          this.limits.maxBuildStepReads
        } are read per answer (workloadStatus.logs.maxBuildStepReads); failed and running steps first`,
      );
    }
    const limitBytes = Math.min(
      this.limits.maxBytes,
      Math.max(
        MIN_STEP_BYTES,
        Math.floor(this.limits.maxBytes / Math.max(1, chosen.size)),
      ),
    );
    const withLogs: BuildLogStep[] = [];
    for (const [index, step] of steps.entries()) {
      if (!isReadable(step)) {
        withLogs.push({ ...step, log: '', truncated: false });
        continue;
      }
      const left = deadline - this.now();
      if (!chosen.has(index) || left <= 0) {
        if (chosen.has(index)) outOfTime();
        withLogs.push({ ...step, log: '', truncated: true, unread: true });
        continue;
      }
      const log = await this.stepLog(ref, step, tailLines, limitBytes, left);
      if (log.timedOut) outOfTime();
      withLogs.push({ ...step, log: log.text, truncated: log.truncated });
    }
    return {
      cluster: ref.cluster,
      namespace: ref.namespace,
      kind: ref.kind,
      name: ref.name,
      steps: withLogs,
      ...(incomplete.size
        ? { incomplete: true, incompleteReasons: [...incomplete] }
        : {}),
    };
  }

  private async stepLog(
    build: EntityObjectRef,
    step: PlannedStep,
    tailLines: number,
    limitBytes: number,
    timeoutMs: number,
  ): Promise<{ text: string; truncated: boolean; timedOut: boolean }> {
    try {
      return await this.reader.read(
        {
          cluster: build.cluster,
          // a build's pods run in its namespace
          namespace: build.namespace,
          pod: step.pod,
          container: step.container,
        },
        { previous: false, tailLines, limitBytes, timestamps: false },
        timeoutMs,
      );
    } catch (e) {
      // the pod went away, or the container has not started: no log
      if (e instanceof NotFoundError || e instanceof InputError) {
        return { text: '', truncated: false, timedOut: false };
      }
      throw e;
    }
  }

  /** The TaskRun's steps from the cluster; undefined when the time ran out. */
  private async taskRunSteps(
    cluster: string,
    taskRun: KubeObject,
    named: boolean,
    deadline: number,
  ): Promise<PlannedStep[] | undefined> {
    const namespace = String(taskRun.metadata?.namespace);
    const name = String(taskRun.metadata?.name);
    const version = String(taskRun.apiVersion ?? 'tekton.dev/v1').split('/')[1];
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(),
      Math.max(1, deadline - this.now()),
    );
    let full: KubeObject;
    try {
      full = await this.objects
        .connection(cluster)
        .getJson<KubeObject>(
          `/apis/tekton.dev/${encodeURIComponent(
            version,
          )}/namespaces/${encodeURIComponent(
            namespace,
          )}/taskruns/${encodeURIComponent(name)}`,
          abort.signal,
        );
    } catch (e) {
      if (abort.signal.aborted) return undefined;
      if (statusOf(e) === 404) return [];
      throw withInternalDetail(
        new ServiceUnavailableError(
          `Cannot read TaskRun ${namespace}/${name}: ${publicClusterError(
            cluster,
            e,
          )}`,
        ),
        String((e as Error)?.message ?? e),
      );
    } finally {
      clearTimeout(timer);
    }
    const steps: any[] = Array.isArray(full.status?.steps)
      ? full.status.steps
      : [];
    return steps.map(s => ({
      name: String(s?.name ?? s?.container ?? ''),
      ...(named ? { taskRun: name } : {}),
      // the pod is gone: reading its log finds nothing, the step stays listed
      pod: String(full.status?.podName ?? ''),
      container: String(s?.container ?? `step-${s?.name}`),
      ...stateOf(s),
    }));
  }
}

function isReadable(step: PlannedStep): boolean {
  return Boolean(step.pod) && step.state !== 'waiting';
}

/**
 * The indexes of the steps whose logs are read, at most `max`: a failed
 * step's log says why the build failed, a running one's what it does now;
 * then the latest steps.
 */
export function chooseReads(
  steps: readonly PlannedStep[],
  max: number,
): Set<number> {
  const rank = (s: PlannedStep) => {
    if (
      s.state === 'terminated' &&
      s.exitCode !== undefined &&
      s.exitCode !== 0
    )
      return 0;
    return s.state === 'running' ? 1 : 2;
  };
  return new Set(
    steps
      .map((step, index) => ({ step, index }))
      .filter(({ step }) => isReadable(step))
      .sort((a, b) => rank(a.step) - rank(b.step) || b.index - a.index)
      .slice(0, max)
      .map(({ index }) => index),
  );
}

function seconds(ms: number) {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
