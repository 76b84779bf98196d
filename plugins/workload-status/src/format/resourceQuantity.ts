/*
 * CPU and memory figures as people read them: `12m`, `1.5 cores`,
 * `236 MiB`, `1.2 GiB`. Inputs are the status model's numbers
 * (millicores, bytes).
 */

/** `0.3m`, `12m`, `250m`, `1.5 cores` */
export function formatMillicores(millicores: number): string {
  if (!Number.isFinite(millicores) || millicores < 0) return '-';
  if (millicores >= 1000) {
    const cores = Math.round(millicores / 100) / 10;
    return `${cores} ${cores === 1 ? 'core' : 'cores'}`;
  }
  if (millicores < 1) return `${Math.round(millicores * 10) / 10}m`;
  return `${Math.round(millicores)}m`;
}

/** `512 KiB`, `236 MiB`, `1.2 GiB` */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '-';
  const gib = bytes / 2 ** 30;
  if (gib >= 1) return `${Math.round(gib * 10) / 10} GiB`;
  const mib = bytes / 2 ** 20;
  if (mib >= 1) return `${Math.round(mib)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

/** The share `used` is of `of`, in whole percent; undefined without a base. */
export function percentOf(used: number, of: number | undefined) {
  if (of === undefined || !(of > 0)) return undefined;
  return Math.round((used / of) * 100);
}
