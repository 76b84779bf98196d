/*
 * Writes the throwaway Backstage project of the adoption test into a folder
 * outside this repository (outside it, so that Node cannot fall back to this
 * repository's node_modules and hide a dependency our packages forgot to
 * declare):
 *
 *   node adoption/generateProject.ts <target folder> <tarball folder>
 *
 * It copies adoption/project/, the packed tarballs (into vendor/, where a
 * registry would otherwise serve them from) and the demo catalog, then pins
 * every dependency the templates give as "*":
 *
 * - @workload-status/* to its tarball, by file path;
 * - anything else to the exact version installed in this repository, so
 *   that the throwaway project runs the Backstage release our packages are
 *   built and tested against, and npm serves it from its cache.
 *
 * The packages a real registry would bring in transitively (-common, -node)
 * are added to the root's dependencies, for the same reason: the registry
 * here does not know them.
 */
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const [target, tarballDir] = process.argv.slice(2).map(p => resolve(p));
if (!target || !tarballDir) {
  throw new Error(
    'usage: node adoption/generateProject.ts <target> <tarball folder>',
  );
}
const repoRoot = resolve(import.meta.dirname, '..');
const TRANSITIVE_PACKAGES = [
  '@workload-status/backstage-plugin-workload-status-common',
  '@workload-status/backstage-plugin-workload-status-node',
];

type Manifest = {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** `@workload-status/cli` -> `workload-status-cli-<version>.tgz`, as npm pack names it */
function tarballOf(name: string, vendor: string): string {
  const prefix = name.replace(/^@/, '').replace('/', '-');
  const matches = readdirSync(vendor).filter(f =>
    new RegExp(`^${prefix}-\\d.*\\.tgz$`).test(f),
  );
  if (matches.length !== 1) {
    throw new Error(`expected one tarball of ${name}, found ${matches}`);
  }
  return join(vendor, matches[0]);
}

function installedVersion(name: string): string {
  const file = join(repoRoot, 'node_modules', name, 'package.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    throw new Error(
      `${name} is not installed in this repository: give its version in the template`,
    );
  }
}

function pin(manifestPath: string, vendor: string) {
  const manifest: Manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.name === 'adoption-root') {
    for (const name of TRANSITIVE_PACKAGES) {
      manifest.dependencies = { ...manifest.dependencies, [name]: '*' };
    }
  }
  for (const deps of [manifest.dependencies, manifest.devDependencies]) {
    for (const [name, spec] of Object.entries(deps ?? {})) {
      if (spec !== '*') continue;
      deps![name] = name.startsWith('@workload-status/')
        ? `file:${relative(dirname(manifestPath), tarballOf(name, vendor))}`
        : installedVersion(name);
    }
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

cpSync(join(import.meta.dirname, 'project'), target, { recursive: true });

const vendor = join(target, 'vendor');
mkdirSync(vendor, { recursive: true });
for (const file of readdirSync(tarballDir).filter(f => f.endsWith('.tgz'))) {
  copyFileSync(join(tarballDir, file), join(vendor, file));
}

mkdirSync(join(target, 'catalog'), { recursive: true });
for (const file of ['entities.yaml', 'org.yaml']) {
  copyFileSync(join(repoRoot, 'examples', file), join(target, 'catalog', file));
}

pin(join(target, 'package.json'), vendor);
for (const pkg of readdirSync(join(target, 'packages'))) {
  pin(join(target, 'packages', pkg, 'package.json'), vendor);
}
