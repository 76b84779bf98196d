/**
 * The Job controller: runs pods until `completions` succeed or more than
 * `backoffLimit` fail (with the exponential 10 s pod-failure back-off),
 * honours `suspend`, `activeDeadlineSeconds` and `ttlSecondsAfterFinished`,
 * and writes the conditions current Kubernetes writes (SuccessCriteriaMet
 * then Complete; FailureTarget then Failed).
 */
import { kubeTime } from '../clock';
import { KubeObject } from '../types';
import {
  Controller,
  ControllerContext,
  controllerRef,
  isTerminating,
  ownedBy,
} from './context';
import { markDeleted, podIsReady, withPodDefaults } from './replicaset';

const SOURCE = { component: 'job-controller' };
const BACKOFF_BASE = 10_000;
const BACKOFF_MAX = 360_000;

/** Labels the apiserver adds to a Job and its template (selector generation). */
export function jobLabels(job: KubeObject): Record<string, string> {
  return {
    'batch.kubernetes.io/controller-uid': job.metadata.uid!,
    'batch.kubernetes.io/job-name': job.metadata.name,
    'controller-uid': job.metadata.uid!,
    'job-name': job.metadata.name,
  };
}

/** Fills the defaults and generated selector the apiserver adds when a Job is created. */
export function defaultJob(job: KubeObject): KubeObject {
  const labels = jobLabels(job);
  const out = structuredClone(job);
  out.metadata.labels = { ...labels, ...(job.metadata.labels ?? {}) };
  out.spec = {
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    completions: 1,
    manualSelector: false,
    parallelism: 1,
    podReplacementPolicy: 'TerminatingOrFailed',
    suspend: false,
    ...job.spec,
    selector: job.spec.selector ?? {
      matchLabels: { 'batch.kubernetes.io/controller-uid': job.metadata.uid },
    },
    template: {
      ...job.spec.template,
      metadata: {
        ...(job.spec.template?.metadata ?? {}),
        labels: { ...(job.spec.template?.metadata?.labels ?? {}), ...labels },
      },
    },
  };
  return out;
}

function hasCondition(job: KubeObject, type: string): boolean {
  return (
    job.status?.conditions?.some(
      (c: any) => c.type === type && c.status === 'True',
    ) ?? false
  );
}

export function jobFinished(
  job: KubeObject,
): 'Complete' | 'Failed' | undefined {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  return undefined;
}

export class JobController implements Controller {
  readonly name = 'job';

  reconcile(ctx: ControllerContext) {
    for (const job of ctx.store.list('batch/jobs')) {
      if (isTerminating(job)) continue;
      if (!job.metadata.labels?.['batch.kubernetes.io/controller-uid']) {
        // First sight: the defaults the apiserver's Job strategy applies on create.
        const defaulted = defaultJob(job);
        ctx.store.update({
          ...defaulted,
          metadata: { ...defaulted.metadata, resourceVersion: undefined },
        });
        continue;
      }
      this.sync(ctx, job);
    }
  }

  private sync(ctx: ControllerContext, job: KubeObject) {
    const t = kubeTime(ctx.now);
    const finished = jobFinished(job);
    if (finished) {
      const ttl = job.spec.ttlSecondsAfterFinished;
      const at =
        job.status?.completionTime ??
        job.status?.conditions?.find((c: any) => c.type === finished)
          ?.lastTransitionTime;
      if (ttl !== undefined && at && Date.parse(at) + ttl * 1000 <= ctx.now)
        markDeleted(ctx, 'batch/jobs', job);
      return;
    }
    const pods = ownedBy(ctx, '/pods', job);
    const active = pods.filter(
      p =>
        !isTerminating(p) &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    );
    const succeeded =
      pods.filter(p => p.status?.phase === 'Succeeded').length +
      (job.status?.succeededRemoved ?? 0);
    const failedPods = pods.filter(p => p.status?.phase === 'Failed');
    const failed = failedPods.length;
    const completions = job.spec.completions ?? 1;
    const parallelism = job.spec.parallelism ?? 1;
    const status: any = { ...(job.status ?? {}) };
    delete status.succeededRemoved;
    let conditions: any[] = status.conditions ?? [];
    const addCondition = (type: string, reason: string, message: string) => {
      conditions = [
        ...conditions.filter(c => c.type !== type),
        {
          type,
          status: 'True',
          reason,
          message,
          lastProbeTime: t,
          lastTransitionTime: t,
        },
      ];
    };

    if (job.spec.suspend) {
      for (const p of active) markDeleted(ctx, '/pods', p);
      if (!hasCondition(job, 'Suspended')) {
        addCondition('Suspended', 'JobSuspended', 'Job suspended');
        ctx.events.record(
          job,
          'Normal',
          'Suspended',
          'Job suspended',
          SOURCE,
          ctx.now,
        );
      }
      this.write(ctx, job, { ...status, active: 0, conditions });
      return;
    }
    if (hasCondition(job, 'Suspended')) {
      conditions = conditions.map(c =>
        c.type === 'Suspended'
          ? {
              ...c,
              status: 'False',
              reason: 'JobResumed',
              message: 'Job resumed',
              lastTransitionTime: t,
            }
          : c,
      );
      ctx.events.record(
        job,
        'Normal',
        'Resumed',
        'Job resumed',
        SOURCE,
        ctx.now,
      );
    }
    if (!status.startTime) status.startTime = t;

    const deadline = job.spec.activeDeadlineSeconds;
    if (succeeded >= completions) {
      addCondition(
        'SuccessCriteriaMet',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
      );
      addCondition(
        'Complete',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
      );
      status.completionTime = t;
      ctx.events.record(
        job,
        'Normal',
        'Completed',
        'Job completed',
        SOURCE,
        ctx.now,
      );
    } else if (failed > (job.spec.backoffLimit ?? 6)) {
      for (const p of active) markDeleted(ctx, '/pods', p);
      addCondition(
        'FailureTarget',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
      );
      addCondition(
        'Failed',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
      );
      ctx.events.record(
        job,
        'Warning',
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
        SOURCE,
        ctx.now,
      );
    } else if (
      deadline !== undefined &&
      Date.parse(status.startTime) + deadline * 1000 <= ctx.now
    ) {
      for (const p of active) markDeleted(ctx, '/pods', p);
      addCondition(
        'FailureTarget',
        'DeadlineExceeded',
        'Job was active longer than specified deadline',
      );
      addCondition(
        'Failed',
        'DeadlineExceeded',
        'Job was active longer than specified deadline',
      );
      ctx.events.record(
        job,
        'Warning',
        'DeadlineExceeded',
        'Job was active longer than specified deadline',
        SOURCE,
        ctx.now,
      );
    } else {
      const wanted = Math.min(parallelism, completions - succeeded);
      const lastFailure = Math.max(
        0,
        ...failedPods.map(p =>
          Date.parse(
            p.status?.containerStatuses?.[0]?.state?.terminated?.finishedAt ??
              p.metadata.creationTimestamp!,
          ),
        ),
      );
      const backoffUntil =
        failed > 0
          ? lastFailure +
            Math.min(BACKOFF_BASE * 2 ** (failed - 1), BACKOFF_MAX)
          : 0;
      if (active.length < wanted && ctx.now >= backoffUntil) {
        for (let i = active.length; i < wanted; i++) {
          const pod = ctx.store.create({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              name: '',
              generateName: `${job.metadata.name}-`,
              namespace: job.metadata.namespace,
              labels: { ...(job.spec.template.metadata?.labels ?? {}) },
              annotations: {
                ...(job.spec.template.metadata?.annotations ?? {}),
                'batch.kubernetes.io/job-tracking': '',
              },
              ownerReferences: [controllerRef(job)],
            },
            spec: withPodDefaults(job.spec.template.spec),
          });
          ctx.events.record(
            job,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${pod.metadata.name}`,
            SOURCE,
            ctx.now,
          );
        }
      }
    }
    const nowActive = ownedBy(ctx, '/pods', job).filter(
      p =>
        !isTerminating(p) &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    );
    const next: any = {
      ...status,
      active: nowActive.length,
      ready: nowActive.filter(podIsReady).length,
      succeeded,
      failed,
      terminating: 0,
      uncountedTerminatedPods: {},
      conditions,
    };
    for (const k of ['active', 'succeeded', 'failed'])
      if (!next[k]) delete next[k];
    if (!next.conditions.length) delete next.conditions;
    this.write(ctx, job, next);
  }

  private write(ctx: ControllerContext, job: KubeObject, status: any) {
    if (JSON.stringify(job.status) === JSON.stringify(status)) return;
    ctx.store.modify(
      'batch/jobs',
      job.metadata.namespace,
      job.metadata.name,
      j => {
        j.status = status;
      },
    );
  }
}
