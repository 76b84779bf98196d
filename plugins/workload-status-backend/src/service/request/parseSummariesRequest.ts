import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { parseEntityRefParams } from './parseEntityRefParams';

/**
 * The body of POST /v1/summaries: `{ entityRefs: string[] }` with 1 to
 * `maxBatchSize` full refs (`kind:namespace/name`, namespace defaulting to
 * `default`). Returns canonical (lower-case) refs in the given order.
 */
export function parseSummariesRequest(
  body: unknown,
  maxBatchSize: number,
): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('Expected a JSON object body with entityRefs');
  }
  const refs = (body as { entityRefs?: unknown }).entityRefs;
  if (!Array.isArray(refs)) {
    throw new InputError('entityRefs must be an array of entity refs');
  }
  if (refs.length > maxBatchSize) {
    throw new InputError(
      `entityRefs holds ${refs.length} refs; at most ${maxBatchSize} are accepted per request`,
    );
  }
  return refs.map((ref, i) => {
    if (typeof ref !== 'string') {
      throw new InputError(`entityRefs[${i}] must be a string`);
    }
    let parsed;
    try {
      parsed = parseEntityRef(ref);
    } catch (e) {
      throw new InputError(
        `entityRefs[${i}] '${ref.slice(0, 200)}' is not an entity ref: ${
          (e as Error).message
        }`,
      );
    }
    try {
      return parseEntityRefParams(parsed);
    } catch (e) {
      throw new InputError(
        `entityRefs[${i}] '${stringifyEntityRef(parsed).slice(0, 200)}': ${
          (e as Error).message
        }`,
      );
    }
  });
}
