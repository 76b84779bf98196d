// Kubernetes' own naming rules (apimachinery validation): object names are
// DNS-1123 subdomains, namespaces and container names DNS-1123 labels.
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A valid object name (pods, jobs, CronJobs, ...). */
export function isObjectName(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** A valid namespace or container name. */
export function isLabelName(value: string): boolean {
  return DNS1123_LABEL.test(value);
}
