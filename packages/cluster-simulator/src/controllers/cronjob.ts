/**
 * The CronJob controller (pkg/controller/cronjob, v2): creates a Job named
 * `<cronjob>-<scheduled minutes since epoch>` at each scheduled time (in
 * `spec.timeZone`), honours suspend, startingDeadlineSeconds and the
 * concurrency policy, records SawCompletedJob, and trims finished Jobs to the
 * history limits.
 */
import { CronExpressionParser } from 'cron-parser';
import { kubeTime } from '../clock';
import { KubeObject } from '../types';
import {
  Controller,
  ControllerContext,
  controllerRef,
  isTerminating,
  ownedBy,
} from './context';
import { jobFinished } from './job';
import { markDeleted } from './replicaset';

const SOURCE = { component: 'cronjob-controller' };

/** The latest schedule time in (after, now], or undefined. Exported for tests. */
export function mostRecentScheduleTime(
  schedule: string,
  timeZone: string | undefined,
  afterMs: number,
  nowMs: number,
): number | undefined {
  const expr = CronExpressionParser.parse(schedule, {
    currentDate: new Date(nowMs + 1),
    tz: timeZone ?? 'UTC',
  });
  const prev = expr.prev().getTime();
  return prev > afterMs ? prev : undefined;
}

export function nextScheduleTime(
  schedule: string,
  timeZone: string | undefined,
  fromMs: number,
): number {
  return CronExpressionParser.parse(schedule, {
    currentDate: new Date(fromMs),
    tz: timeZone ?? 'UTC',
  })
    .next()
    .getTime();
}

export class CronJobController implements Controller {
  readonly name = 'cronjob';

  reconcile(ctx: ControllerContext) {
    for (const cj of ctx.store.list('batch/cronjobs')) {
      if (isTerminating(cj)) continue;
      this.sync(ctx, cj);
    }
  }

  private sync(ctx: ControllerContext, cj: KubeObject) {
    const ns = cj.metadata.namespace;
    const jobs = ownedBy(ctx, 'batch/jobs', cj);
    const status: any = { ...(cj.status ?? {}) };
    const seen = new Set<string>(this.seenFinished.get(cj.metadata.uid!) ?? []);

    let active = jobs.filter(j => !jobFinished(j) && !isTerminating(j));
    for (const j of jobs) {
      const finished = jobFinished(j);
      if (!finished || seen.has(j.metadata.uid!)) continue;
      seen.add(j.metadata.uid!);
      ctx.events.record(
        cj,
        'Normal',
        'SawCompletedJob',
        `Saw completed job: ${j.metadata.name}, condition: ${finished}`,
        SOURCE,
        ctx.now,
      );
      if (finished === 'Complete') {
        const done = j.status?.completionTime;
        if (
          done &&
          (!status.lastSuccessfulTime || done > status.lastSuccessfulTime)
        )
          status.lastSuccessfulTime = done;
      }
    }
    // Only jobs that still exist need remembering (bounded by the history limits).
    this.seenFinished.set(
      cj.metadata.uid!,
      jobs.map(j => j.metadata.uid!).filter(uid => seen.has(uid)),
    );

    // History limits: the oldest finished jobs beyond the limits go.
    const byStart = (a: KubeObject, b: KubeObject) =>
      (a.status?.startTime ?? a.metadata.creationTimestamp!).localeCompare(
        b.status?.startTime ?? b.metadata.creationTimestamp!,
      );
    const trim = (kind: 'Complete' | 'Failed', limit: number) => {
      const list = jobs
        .filter(j => jobFinished(j) === kind && !isTerminating(j))
        .sort(byStart);
      for (const j of list.slice(0, Math.max(0, list.length - limit))) {
        markDeleted(ctx, 'batch/jobs', j);
        ctx.events.record(
          cj,
          'Normal',
          'SuccessfulDelete',
          `Deleted job ${j.metadata.name}`,
          SOURCE,
          ctx.now,
        );
      }
    };
    trim('Complete', cj.spec.successfulJobsHistoryLimit ?? 3);
    trim('Failed', cj.spec.failedJobsHistoryLimit ?? 1);

    if (!cj.spec.suspend) {
      const after = Date.parse(
        status.lastScheduleTime ?? cj.metadata.creationTimestamp!,
      );
      let scheduled: number | undefined;
      try {
        scheduled = mostRecentScheduleTime(
          cj.spec.schedule,
          cj.spec.timeZone,
          after,
          ctx.now,
        );
      } catch (e) {
        ctx.events.record(
          cj,
          'Warning',
          'UnparseableSchedule',
          `unparseable schedule: "${cj.spec.schedule}" : ${
            (e as Error).message
          }`,
          SOURCE,
          ctx.now,
        );
      }
      const deadline = cj.spec.startingDeadlineSeconds;
      if (
        scheduled !== undefined &&
        deadline !== undefined &&
        scheduled + deadline * 1000 < ctx.now
      ) {
        ctx.events.record(
          cj,
          'Warning',
          'MissSchedule',
          `Missed scheduled time to start a job: ${kubeTime(scheduled)}`,
          SOURCE,
          ctx.now,
        );
        status.lastScheduleTime = kubeTime(scheduled);
        scheduled = undefined;
      }
      if (scheduled !== undefined) {
        const policy = cj.spec.concurrencyPolicy ?? 'Allow';
        if (policy === 'Forbid' && active.length > 0) {
          ctx.events.record(
            cj,
            'Normal',
            'JobAlreadyActive',
            'Not starting job because prior execution is running and concurrency policy is Forbid',
            SOURCE,
            ctx.now,
          );
        } else {
          if (policy === 'Replace') {
            for (const j of active) {
              markDeleted(ctx, 'batch/jobs', j);
              ctx.events.record(
                cj,
                'Normal',
                'SuccessfulDelete',
                `Deleted job ${j.metadata.name}`,
                SOURCE,
                ctx.now,
              );
            }
            active = [];
          }
          const name = `${cj.metadata.name}-${Math.floor(scheduled / 60000)}`;
          if (!ctx.store.get('batch/jobs', ns, name)) {
            const template = cj.spec.jobTemplate;
            const job = ctx.store.create({
              apiVersion: 'batch/v1',
              kind: 'Job',
              metadata: {
                name,
                namespace: ns,
                labels: { ...(template.metadata?.labels ?? {}) },
                annotations: {
                  ...(template.metadata?.annotations ?? {}),
                  'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date(
                    scheduled,
                  )
                    .toISOString()
                    .replace('.000Z', 'Z'),
                },
                ownerReferences: [controllerRef(cj)],
              },
              spec: structuredClone(template.spec),
            });
            active.push(job);
            ctx.events.record(
              cj,
              'Normal',
              'SuccessfulCreate',
              `Created job ${name}`,
              SOURCE,
              ctx.now,
            );
          }
          status.lastScheduleTime = kubeTime(scheduled);
        }
      }
    }
    const activeRefs = active.map(j => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      name: j.metadata.name,
      namespace: ns,
      uid: j.metadata.uid,
    }));
    if (activeRefs.length) status.active = activeRefs;
    else delete status.active;
    if (JSON.stringify(cj.status ?? {}) !== JSON.stringify(status)) {
      ctx.store.modify('batch/cronjobs', ns, cj.metadata.name, c => {
        c.status = status;
      });
    }
  }

  private readonly seenFinished = new Map<string, string[]>();
}
