/**
 * True when two API server URLs name the same server: the same scheme,
 * host and port (a default port written or not, the host's case) and the
 * same path (a trailing slash aside). A URL with credentials, a query or a
 * fragment never matches: an API server URL has none, and an entity that
 * adds them is not describing the configured server.
 */
export function sameApiServer(entityUrl: string, configuredUrl: string) {
  const a = parse(entityUrl);
  const b = parse(configuredUrl);
  return a !== undefined && b !== undefined && a === b;
}

function parse(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password || url.search || url.hash) {
    return undefined;
  }
  // URL already lower-cases the host and drops the scheme's default port
  let path = url.pathname;
  while (path.endsWith('/')) path = path.slice(0, -1);
  return `${url.protocol}//${url.host}${path}`;
}

/**
 * True when an entity's CA annotation is the configured CA: the same
 * base64 text once whitespace (line breaks of a pasted PEM) is removed.
 * With no CA configured the system's CAs are trusted, and an entity naming
 * a CA of its own disagrees.
 */
export function sameCaData(entityCa: string, configuredCa?: string) {
  if (configuredCa === undefined) return false;
  const strip = (s: string) => s.replace(/\s+/g, '');
  return strip(entityCa) === strip(configuredCa);
}
