import {
  KindRegistry,
  KubeObject,
  projectObject,
} from '@workload-status/backstage-plugin-workload-status-common';
import { redactProjectedTexts } from '../redaction/redactProjection';

/**
 * What the cache stores of an object: its projection by the kind table (a
 * kind registered through the extension point keeps all of its spec and
 * status: its rule may read any of them), with its free texts (messages,
 * reasons) redacted, so the cache and every status, reason and job run
 * derived from it hold only redacted text, whoever reads them. The same
 * function runs in the list worker and for watch events and actions.
 */
export function storedProjection(
  obj: KubeObject,
  kinds?: KindRegistry,
): KubeObject {
  return redactProjectedTexts(projectObject(obj, kinds), obj);
}
