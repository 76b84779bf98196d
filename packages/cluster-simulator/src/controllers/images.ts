/**
 * Container image names as the container runtime reports them, and the
 * stable hashes the simulated kubelet derives digests, sizes and pod IPs
 * from (the same input always gives the same value).
 */

export function stableHash(s: string): number {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

/** `nginx:1` -> `docker.io/library/nginx:1`, as containerd names images. */
export function qualifiedImage(image: string): string {
  const first = image.split('/')[0];
  if (image.includes('/') && (first.includes('.') || first.includes(':')))
    return image;
  return `docker.io/${image.includes('/') ? '' : 'library/'}${image}`;
}

/** A made-up but stable sha256 digest of an image. */
export function imageDigest(image: string): string {
  let out = '';
  let h = stableHash(image);
  for (let i = 0; i < 8; i++) {
    h = (Math.imul(h, 2654435761) + i) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}
