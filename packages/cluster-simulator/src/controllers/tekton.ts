/**
 * Tekton Pipelines, reduced to what a build status needs: a PipelineRun runs
 * its tasks (`spec.pipelineSpec.tasks`) one after another as TaskRuns
 * `<run>-<task>`; each TaskRun runs a pod `<taskrun>-pod` with one container
 * per step (`step-<name>`). A task named by the PipelineRun's
 * `simulator.workload-status.dev/fail-task` annotation fails; later tasks are
 * skipped. Conditions and messages are Tekton's (`Succeeded` condition,
 * "Tasks Completed: n (Failed: f, Cancelled c), Skipped: s").
 */
import { kubeTime } from '../clock';
import { KubeObject } from '../types';
import {
  BEHAVIOUR_ANNOTATION,
  Controller,
  ControllerContext,
  controllerRef,
  FAIL_TASK_ANNOTATION,
  isTerminating,
  LOG_LINES_ANNOTATION,
  LOGS_ANNOTATION,
  ownedBy,
  RUN_FOR_ANNOTATION,
} from './context';
import { withPodDefaults } from './replicaset';

/** A run's log-lines annotation goes down to its TaskRuns and their pods (tests' build logs). */
function passedLogLines(run: KubeObject): Record<string, string> {
  const lines = run.metadata.annotations?.[LOG_LINES_ANNOTATION];
  return lines === undefined ? {} : { [LOG_LINES_ANNOTATION]: lines };
}

const SOURCE = { component: 'PipelineRun' };

function succeeded(obj: KubeObject): string | undefined {
  return obj.status?.conditions?.find((c: any) => c.type === 'Succeeded')
    ?.status;
}

export class TektonController implements Controller {
  readonly name = 'tekton';

  reconcile(ctx: ControllerContext) {
    for (const tr of ctx.store.list('tekton.dev/taskruns'))
      if (!isTerminating(tr)) this.syncTaskRun(ctx, tr);
    for (const pr of ctx.store.list('tekton.dev/pipelineruns'))
      if (!isTerminating(pr)) this.syncPipelineRun(ctx, pr);
  }

  private syncPipelineRun(ctx: ControllerContext, pr: KubeObject) {
    const state = succeeded(pr);
    if (state === 'True' || state === 'False') return;
    if (
      pr.status?.conditions === undefined &&
      pr.status !== undefined &&
      Object.keys(pr.status).length
    )
      return; // seeded static
    const t = kubeTime(ctx.now);
    const tasks: any[] = pr.spec.pipelineSpec?.tasks ?? [];
    const runs = ownedBy(ctx, 'tekton.dev/taskruns', pr);
    const runOf = (task: any) =>
      runs.find(
        r => r.metadata.labels?.['tekton.dev/pipelineTask'] === task.name,
      );
    const failed = runs.filter(r => succeeded(r) === 'False');
    const done = runs.filter(r => succeeded(r) === 'True');
    const status: any = {
      ...(pr.status ?? {}),
      startTime: pr.status?.startTime ?? t,
      pipelineSpec: pr.spec.pipelineSpec,
    };
    const cancelled =
      pr.spec.status === 'Cancelled' ||
      pr.spec.status === 'CancelledRunFinally';
    let condition: any;
    if (cancelled) {
      condition = {
        type: 'Succeeded',
        status: 'False',
        reason: 'Cancelled',
        message: `PipelineRun "${pr.metadata.name}" was cancelled`,
      };
    } else if (failed.length) {
      const skipped = tasks.length - runs.length;
      condition = {
        type: 'Succeeded',
        status: 'False',
        reason: 'Failed',
        message: `Tasks Completed: ${done.length + failed.length} (Failed: ${
          failed.length
        }, Cancelled 0), Skipped: ${skipped}`,
      };
      status.skippedTasks = tasks
        .filter(task => !runOf(task))
        .map(task => ({
          name: task.name,
          reason: 'PipelineRun Finally',
          whenExpressions: [],
        }));
      ctx.events.record(
        pr,
        'Warning',
        'Failed',
        condition.message,
        SOURCE,
        ctx.now,
      );
    } else if (done.length === tasks.length) {
      condition = {
        type: 'Succeeded',
        status: 'True',
        reason: 'Succeeded',
        message: `Tasks Completed: ${done.length} (Failed: 0, Cancelled 0), Skipped: 0`,
      };
      ctx.events.record(
        pr,
        'Normal',
        'Succeeded',
        condition.message,
        SOURCE,
        ctx.now,
      );
    } else {
      const next = tasks.find(task => !runOf(task));
      const running = runs.some(
        r => succeeded(r) !== 'True' && succeeded(r) !== 'False',
      );
      if (next && !running) this.createTaskRun(ctx, pr, next);
      condition = {
        type: 'Succeeded',
        status: 'Unknown',
        reason: 'Running',
        message: `Tasks Completed: ${
          done.length
        } (Failed: 0, Cancelled 0), Incomplete: ${
          tasks.length - done.length
        }, Skipped: 0`,
      };
      if (!pr.status?.startTime)
        ctx.events.record(pr, 'Normal', 'Started', '', SOURCE, ctx.now);
    }
    const prev = pr.status?.conditions?.[0];
    const changed =
      !prev ||
      prev.status !== condition.status ||
      prev.message !== condition.message;
    status.conditions = [
      {
        ...condition,
        lastTransitionTime: changed ? t : prev.lastTransitionTime,
      },
    ];
    if (condition.status !== 'Unknown') status.completionTime = t;
    status.childReferences = ownedBy(ctx, 'tekton.dev/taskruns', pr).map(r => ({
      apiVersion: 'tekton.dev/v1',
      kind: 'TaskRun',
      name: r.metadata.name,
      pipelineTaskName: r.metadata.labels?.['tekton.dev/pipelineTask'],
    }));
    if (JSON.stringify(pr.status) !== JSON.stringify(status)) {
      ctx.store.modify(
        'tekton.dev/pipelineruns',
        pr.metadata.namespace,
        pr.metadata.name,
        p => {
          p.status = status;
        },
      );
    }
  }

  private createTaskRun(ctx: ControllerContext, pr: KubeObject, task: any) {
    const pipeline = pr.spec.pipelineRef?.name ?? pr.metadata.name;
    ctx.store.create({
      apiVersion: 'tekton.dev/v1',
      kind: 'TaskRun',
      metadata: {
        name: `${pr.metadata.name}-${task.name}`,
        namespace: pr.metadata.namespace,
        labels: {
          ...(pr.metadata.labels ?? {}),
          'app.kubernetes.io/managed-by': 'tekton-pipelines',
          'tekton.dev/memberOf': 'tasks',
          'tekton.dev/pipeline': pipeline,
          'tekton.dev/pipelineRun': pr.metadata.name,
          'tekton.dev/pipelineTask': task.name,
          'tekton.dev/pipelineRunUID': pr.metadata.uid!,
        },
        annotations: {
          ...(pr.metadata.annotations?.[FAIL_TASK_ANNOTATION] === task.name
            ? { [FAIL_TASK_ANNOTATION]: task.name }
            : {}),
          ...passedLogLines(pr),
        },
        ownerReferences: [controllerRef(pr)],
      },
      spec: {
        serviceAccountName: 'default',
        taskSpec: task.taskSpec,
        timeout: '1h0m0s',
      },
    });
  }

  private syncTaskRun(ctx: ControllerContext, tr: KubeObject) {
    const state = succeeded(tr);
    if (state === 'True' || state === 'False') return;
    if (tr.status && !tr.status.conditions && Object.keys(tr.status).length)
      return;
    const t = kubeTime(ctx.now);
    const podName = `${tr.metadata.name}-pod`;
    let pod = ctx.store.get('/pods', tr.metadata.namespace, podName);
    const steps: any[] = tr.spec.taskSpec?.steps ?? [
      { name: 'run', image: 'busybox' },
    ];
    const failing = tr.metadata.annotations?.[FAIL_TASK_ANNOTATION];
    if (!pod) {
      pod = ctx.store.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: podName,
          namespace: tr.metadata.namespace,
          labels: {
            ...(tr.metadata.labels ?? {}),
            'app.kubernetes.io/managed-by': 'tekton-pipelines',
            'tekton.dev/taskRun': tr.metadata.name,
            'tekton.dev/taskRunUID': tr.metadata.uid!,
          },
          annotations: {
            [BEHAVIOUR_ANNOTATION]: failing ? 'fail' : 'complete',
            [RUN_FOR_ANNOTATION]: failing ? '25s' : '8s',
            [LOGS_ANNOTATION]: 'build',
            ...passedLogLines(tr),
            'pipeline.tekton.dev/release': 'v1.0.0',
          },
          ownerReferences: [controllerRef(tr)],
        },
        spec: withPodDefaults({
          restartPolicy: 'Never',
          containers: steps.map(s => ({
            name: `step-${s.name}`,
            image: s.image,
            command: ['/tekton/bin/entrypoint'],
            args: [
              '-post_file',
              `/tekton/run/0/out`,
              '--',
              ...(s.script ? ['/tekton/scripts/script'] : []),
            ],
          })),
        }),
      });
      ctx.events.record(
        tr,
        'Normal',
        'Started',
        '',
        { component: 'TaskRun' },
        ctx.now,
      );
    }
    const phase = pod.status?.phase;
    const term = pod.status?.containerStatuses?.[0]?.state?.terminated;
    let condition: any = {
      type: 'Succeeded',
      status: 'Unknown',
      reason: 'Pending',
      message: 'Pending',
    };
    if (phase === 'Running')
      condition = {
        type: 'Succeeded',
        status: 'Unknown',
        reason: 'Running',
        message: 'Not all Steps in the Task have finished executing',
      };
    if (phase === 'Succeeded')
      condition = {
        type: 'Succeeded',
        status: 'True',
        reason: 'Succeeded',
        message: 'All Steps have completed executing',
      };
    if (phase === 'Failed')
      condition = {
        type: 'Succeeded',
        status: 'False',
        reason: 'Failed',
        message: `"step-${steps[0].name}" exited with code ${
          term?.exitCode ?? 1
        }`,
      };
    const prev = tr.status?.conditions?.[0];
    const changed =
      !prev ||
      prev.status !== condition.status ||
      prev.reason !== condition.reason;
    const status: any = {
      podName,
      startTime: tr.status?.startTime ?? t,
      conditions: [
        {
          ...condition,
          lastTransitionTime: changed ? t : prev.lastTransitionTime,
        },
      ],
      steps: steps.map((s, i) => {
        const cs = pod!.status?.containerStatuses?.[i];
        return {
          name: s.name,
          container: `step-${s.name}`,
          ...(cs?.imageID ? { imageID: cs.imageID } : {}),
          ...(cs?.state ?? { waiting: { reason: 'PodInitializing' } }),
        };
      }),
      taskSpec: tr.spec.taskSpec,
    };
    if (condition.status !== 'Unknown') {
      status.completionTime = t;
      ctx.events.record(
        tr,
        condition.status === 'True' ? 'Normal' : 'Warning',
        condition.reason,
        condition.message,
        { component: 'TaskRun' },
        ctx.now,
      );
    }
    if (JSON.stringify(tr.status) !== JSON.stringify(status)) {
      ctx.store.modify(
        'tekton.dev/taskruns',
        tr.metadata.namespace,
        tr.metadata.name,
        r => {
          r.status = status;
        },
      );
    }
  }
}
