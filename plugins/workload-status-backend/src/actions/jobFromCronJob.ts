import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import { randomInt } from 'node:crypto';

/** The annotation kubectl and the CronJob controller use to mark a manual run. */
export const INSTANTIATE_ANNOTATION = 'cronjob.kubernetes.io/instantiate';

/**
 * A Job's name ends up as the value of the `batch.kubernetes.io/job-name`
 * pod label, so it must be a DNS-1123 label: 63 characters at most.
 */
const MAX_JOB_NAME = 63;
const MANUAL_INFIX = '-manual-';
/**
 * The alphabet of the API server's generateName suffix (apimachinery's
 * rand.String: no vowels, no 0/1/3, so no words) and the Kubernetes
 * dashboard's three characters: a CronJob name has at most 52 characters
 * (its controller appends an 11-character suffix), so `-manual-` and three
 * characters fit any CronJob whole in 63. A collision (1 in 19,683 per
 * existing manual run) is an AlreadyExists, which the caller retries.
 */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX_LENGTH = 3;

/**
 * The name of a manual run, as the Kubernetes dashboard and Lens name them:
 * `<cronjob>-manual-<random>` (kubectl makes the caller choose a name). A
 * CronJob name longer than the API server allows today is cut so that the
 * whole stays within 63 characters.
 */
export function manualJobName(
  cronJobName: string,
  random: (max: number) => number = randomInt,
): string {
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) {
    suffix += SUFFIX_ALPHABET[random(SUFFIX_ALPHABET.length)];
  }
  const room = MAX_JOB_NAME - MANUAL_INFIX.length - SUFFIX_LENGTH;
  // a cut must not leave a trailing '-' or '.' before the infix
  const base = cronJobName.slice(0, room).replace(/[-.]+$/, '');
  return `${base}${MANUAL_INFIX}${suffix}`;
}

/**
 * The Job `kubectl create job <name> --from=cronjob/<cronJob>` creates
 * (kubectl's createJobFromCronJob): the template's labels, the template's
 * annotations plus `cronjob.kubernetes.io/instantiate: manual`, the
 * template's spec, and the CronJob as controlling owner, so that the
 * CronJob's history shows the run and deleting the CronJob removes it.
 * Nothing else of the CronJob is copied: no status, no metadata of its own.
 */
export function jobFromCronJob(cronJob: V1CronJob, name: string): V1Job {
  const uid = cronJob.metadata?.uid;
  const cronJobName = cronJob.metadata?.name;
  const template = cronJob.spec?.jobTemplate;
  if (!uid || !cronJobName || !template?.spec) {
    throw new Error(
      `CronJob ${cronJobName ?? '(unnamed)'} has no uid or no job template`,
    );
  }
  const templateMeta = template.metadata ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cronJob.metadata?.namespace,
      // kubectl sets the marker first, then copies the template's over it
      annotations: {
        [INSTANTIATE_ANNOTATION]: 'manual',
        ...templateMeta.annotations,
      },
      ...(templateMeta.labels ? { labels: { ...templateMeta.labels } } : {}),
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cronJobName,
          uid,
          controller: true,
          // as kubectl: blockOwnerDeletion would need the cronjobs/finalizers
          // verb, which a read-mostly service account should not hold
        },
      ],
    },
    spec: structuredClone(template.spec),
  };
}
