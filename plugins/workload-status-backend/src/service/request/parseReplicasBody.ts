import { InputError } from '@backstage/errors';

/**
 * The body of a scale or start: `{ "replicas": n }`, n an integer from
 * `min` to `maxReplicas` (`workloadStatus.actions.maxReplicas`: a typo of
 * 1000 for 10 would otherwise ask the cluster for a thousand pods). With
 * `required` false, an absent or empty body gives undefined.
 */
export function parseReplicasBody(
  body: unknown,
  options: { required: boolean; min: number; maxReplicas: number },
): number | undefined {
  const empty =
    body === undefined ||
    body === null ||
    (typeof body === 'object' &&
      !Array.isArray(body) &&
      Object.keys(body).length === 0);
  if (empty) {
    if (options.required) {
      throw new InputError('Expected a JSON body { "replicas": <number> }');
    }
    return undefined;
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError(
      'Expected a JSON object body { "replicas": <number> }',
    );
  }
  const unknown = Object.keys(body).filter(k => k !== 'replicas');
  if (unknown.length) {
    throw new InputError(
      `Unknown field ${JSON.stringify(
        unknown[0].slice(0, 50),
      )}: only "replicas" is accepted`,
    );
  }
  const replicas = (body as { replicas?: unknown }).replicas;
  if (replicas === undefined && !options.required) return undefined;
  if (
    typeof replicas !== 'number' ||
    !Number.isInteger(replicas) ||
    replicas < options.min ||
    replicas > options.maxReplicas
  ) {
    throw new InputError(
      `replicas must be an integer from ${options.min} to ${options.maxReplicas} (workloadStatus.actions.maxReplicas)`,
    );
  }
  return replicas;
}
