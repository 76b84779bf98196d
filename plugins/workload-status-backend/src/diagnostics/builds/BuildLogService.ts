import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  BuildLogResponse,
  BuildLogStep,
  KubeObject,
} from '@internal/plugin-workload-status-common';
import { CustomObjectsApi } from '@kubernetes/client-node';
import type { LogSettings } from '../../cluster/types';
import type { EntityObjectRef, EntityObjects } from '../EntityObjects';
import type { PodLogReader } from '../logs/PodLogReader';
import { BuildStepPlan, PlannedStep, stateOf } from './BuildStepPlan';

// a build with more steps than this is shown in part; each step costs a request
const MAX_STEPS = 100;
// each step gets an equal share of maxBytes, but never less than this
const MIN_STEP_BYTES = 16 * 1024;

/**
 * The build log: the log of each step of a build run (Tekton TaskRun or
 * PipelineRun, Shipwright BuildRun, build Job), in execution order,
 * redacted. The build must belong to the entity.
 */
export class BuildLogService {
  constructor(
    private readonly objects: Pick<
      EntityObjects,
      'find' | 'resolve' | 'connection'
    >,
    private readonly reader: Pick<PodLogReader, 'read'>,
    private readonly limits: Pick<LogSettings, 'maxBytes'>,
  ) {}

  async read(
    entityRef: string,
    ref: EntityObjectRef,
    tailLines: number,
  ): Promise<BuildLogResponse> {
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
      } else {
        // the TaskRun's pod is gone: its steps are only in the TaskRun,
        // whose step list the cache does not keep
        planned.push(
          ...(await this.taskRunSteps(
            ref.cluster,
            group.taskRun,
            build.kind === 'PipelineRun',
          )),
        );
      }
    }
    const steps = planned.slice(0, MAX_STEPS);
    const limitBytes = Math.min(
      this.limits.maxBytes,
      Math.max(MIN_STEP_BYTES, Math.floor(this.limits.maxBytes / steps.length)),
    );
    const withLogs: BuildLogStep[] = [];
    for (const step of steps) {
      withLogs.push({
        ...step,
        ...(await this.stepLog(ref, step, tailLines, limitBytes)),
      });
    }
    return {
      cluster: ref.cluster,
      namespace: ref.namespace,
      kind: ref.kind,
      name: ref.name,
      steps: withLogs,
    };
  }

  private async stepLog(
    build: EntityObjectRef,
    step: PlannedStep,
    tailLines: number,
    limitBytes: number,
  ): Promise<Pick<BuildLogStep, 'log' | 'truncated'>> {
    if (!step.pod || step.state === 'waiting') {
      return { log: '', truncated: false };
    }
    try {
      const { text, truncated } = await this.reader.read(
        {
          cluster: build.cluster,
          // a build's pods run in its namespace
          namespace: build.namespace,
          pod: step.pod,
          container: step.container,
        },
        { previous: false, tailLines, limitBytes, timestamps: false },
      );
      return { log: text, truncated };
    } catch (e) {
      // the pod went away, or the container has not started: no log
      if (e instanceof NotFoundError || e instanceof InputError) {
        return { log: '', truncated: false };
      }
      throw e;
    }
  }

  private async taskRunSteps(
    cluster: string,
    taskRun: KubeObject,
    named: boolean,
  ): Promise<PlannedStep[]> {
    const api = this.objects
      .connection(cluster)
      .makeApiClient(CustomObjectsApi);
    let full: KubeObject;
    try {
      full = (await api.getNamespacedCustomObject({
        group: 'tekton.dev',
        version: String(taskRun.apiVersion ?? 'tekton.dev/v1').split('/')[1],
        namespace: String(taskRun.metadata?.namespace),
        plural: 'taskruns',
        name: String(taskRun.metadata?.name),
      })) as KubeObject;
    } catch (e) {
      const code = (e as { code?: number }).code;
      if (code === 404) return [];
      throw new ServiceUnavailableError(
        `Cannot read TaskRun ${taskRun.metadata?.namespace}/${
          taskRun.metadata?.name
        } from cluster ${cluster}${code ? ` (${code})` : ''}`,
      );
    }
    const steps: any[] = Array.isArray(full.status?.steps)
      ? full.status.steps
      : [];
    return steps.map(s => ({
      name: String(s?.name ?? s?.container ?? ''),
      ...(named ? { taskRun: String(taskRun.metadata?.name) } : {}),
      // the pod is gone: reading its log finds nothing, the step stays listed
      pod: String(full.status?.podName ?? ''),
      container: String(s?.container ?? `step-${s?.name}`),
      ...stateOf(s),
    }));
  }
}
