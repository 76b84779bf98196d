/**
 * URL -> what is asked: the resource type, namespace, name and subresource,
 * as the apiserver's RequestInfoFactory splits `/api/v1/namespaces/{ns}/pods/{name}/log`.
 */
import { findResourceType, ResourceType } from '../store/resources';
import { errors } from './status';

export interface ResourceRequest {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export function parseResourcePath(
  segments: string[],
): ResourceRequest | undefined {
  let group = '';
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    group = segments[1];
    version = segments[2];
    rest = segments.slice(3);
  } else return undefined;
  if (!version || rest.length === 0) return undefined;
  const find = (resource: string) => findResourceType(group, version, resource);
  // namespaces/{ns}/{resource}... (but namespaces/{name} and namespaces/{name}/status are the Namespace object)
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    find(rest[2])?.namespaced
  ) {
    const type = find(rest[2])!;
    if (rest.length > 5) throw errors.notFoundPath();
    return { type, namespace: rest[1], name: rest[3], subresource: rest[4] };
  }
  const type = find(rest[0]);
  if (!type) throw errors.notFoundPath();
  if (rest.length > 3) throw errors.notFoundPath();
  if (rest.length >= 2 && type.namespaced) return { type }; // cluster-wide list of a namespaced type has no name
  return { type, name: rest[1], subresource: rest[2] };
}
