/*
 * A build run as a plain Job (kaniko, buildah or a CI runner in a Job). A Job
 * is a build when it carries one of BUILD_JOB_LABELS; its Job verdict is
 * translated to the Build vocabulary.
 */
import { readPath } from '../fields';
import type { KubeObject, RuleInput, Verdict } from '../types';
import { buildVerdict } from './buildOutcome';
import { evaluateJob } from './job';

/**
 * Labels that mark a Job as a build: `workload-status.backstage.io/build`
 * (any value but "false"), or `app.kubernetes.io/component: build`.
 */
export const BUILD_JOB_LABEL = 'workload-status.backstage.io/build';

export function isBuildJob(obj: KubeObject): boolean {
  const labels = readPath(obj, 'metadata', 'labels');
  const marker = readPath(labels, BUILD_JOB_LABEL);
  if (typeof marker === 'string' && marker !== 'false') return true;
  return readPath(labels, 'app.kubernetes.io/component') === 'build';
}

export function evaluateBuildJob(input: RuleInput): Verdict {
  const job = evaluateJob(input);
  const detail = job.reasons.find(r => r.severity === 'error')?.message;
  switch (job.lifecycle) {
    case 'Completed':
      return buildVerdict(input, 'Succeeded');
    case 'Failed':
      return buildVerdict(
        input,
        'Failed',
        detail,
        job.reasons.some(r => r.code === 'DeadlineExceeded'),
      );
    case 'Executing': {
      const v = buildVerdict(input, 'Running');
      // A build pod that cannot start (image pull, config) is red at once.
      return job.health === 'error'
        ? { ...v, health: 'error', reasons: job.reasons }
        : v;
    }
    case 'Exception':
      return { lifecycle: 'Running', health: 'unknown', reasons: job.reasons };
    default: {
      const v = buildVerdict(
        input,
        'Pending',
        job.lifecycle === 'Stopped' ? 'suspended' : undefined,
      );
      return job.health === 'error'
        ? { ...v, health: 'error', reasons: job.reasons }
        : v;
    }
  }
}
