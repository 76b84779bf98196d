#!/usr/bin/env node
/*
 * Checks the tarballs `npm run pack` wrote, as a registry user would meet
 * them: a public name (not @internal/), not private, a dist/ that holds
 * what main, types and exports name, and every module the built code
 * imports declared in the package's own dependencies or peerDependencies
 * (the monorepo hoists everything, so a missing one would only show up in
 * someone else's app). Sibling packages must be among the tarballs, at
 * their packed version.
 *
 *   node scripts/check-packages.mjs dist-packages
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'dist-packages';
const tarballs = readdirSync(dir).filter(f => f.endsWith('.tgz'));
const builtins = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));

// each tarball unpacked once, as npm would, and its files read from there
const unpacked = mkdtempSync(join(tmpdir(), 'workload-status-pack-check-'));
process.on('exit', () => rmSync(unpacked, { recursive: true, force: true }));
const list = tgz => {
  const into = join(unpacked, tgz);
  mkdirSync(into);
  execFileSync('tar', ['-xzf', join(dir, tgz), '-C', into]);
  return execFileSync('tar', ['-tzf', join(dir, tgz)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(p => p.replace(/^package\//, ''));
};
const read = (tgz, path) =>
  readFileSync(join(unpacked, tgz, 'package', path), 'utf8');

/** `@scope/name/sub/path` -> `@scope/name`; `name/sub` -> `name` */
const packageOf = spec => {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};
/** the bare specifiers a built file imports or requires */
const importsOf = code => {
  const found = new Set();
  const patterns = [
    /\brequire\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g,
    /\bfrom\s*['"]([^'"./][^'"]*)['"]/g,
    /\bimport\s*\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g,
    /\bimport\s*['"]([^'"./][^'"]*)['"]/g,
  ];
  for (const pattern of patterns) {
    for (const m of code.matchAll(pattern)) {
      // a module name, not a string that follows the word "from" in text
      if (/^[@\w][\w@./-]*$/.test(m[1])) found.add(m[1]);
    }
  }
  return found;
};

const contents = new Map(tarballs.map(t => [t, list(t)]));
const manifests = new Map(
  tarballs.map(t => [t, JSON.parse(read(t, 'package.json'))]),
);
const packed = new Map([...manifests.values()].map(p => [p.name, p.version]));
const problems = [];

for (const [tgz, pkg] of manifests) {
  const say = msg => problems.push(`${tgz}: ${msg}`);
  const files = new Set(contents.get(tgz));
  if (pkg.name.startsWith('@internal/')) say(`internal name ${pkg.name}`);
  if (pkg.private) say('private is set');
  if (![...files].some(f => f.startsWith('dist/'))) say('no dist/');
  for (const f of files) {
    if (f.startsWith('src/')) say(`ships source ${f}`);
  }
  const named = [pkg.main, pkg.types, pkg.module].filter(Boolean);
  for (const entry of Object.values(pkg.exports ?? {})) {
    if (typeof entry === 'string') named.push(entry);
    else {
      // the "backstage" condition names the extension kind, not a file
      const { backstage: _kind, ...conditions } = entry;
      named.push(
        ...Object.values(conditions).filter(v => typeof v === 'string'),
      );
    }
  }
  for (const path of named) {
    if (!files.has(path.replace(/^\.\//, ''))) say(`names ${path}, not in it`);
  }
  const declared = {
    ...pkg.dependencies,
    ...pkg.peerDependencies,
  };
  for (const [name, range] of Object.entries(declared)) {
    if (/^(file|link|workspace|portal):/.test(range)) {
      say(`${name} resolves only in the repository (${range})`);
    }
    if (name.startsWith('@internal/')) say(`depends on ${name}`);
    if (name.startsWith('@workload-status/') && packed.get(name) !== range) {
      say(`depends on ${name}@${range}; packed: ${packed.get(name) ?? 'none'}`);
    }
  }
  const undeclared = new Set();
  for (const f of files) {
    if (!/^dist\/.*\.(c|m)?js$/.test(f)) continue;
    for (const spec of importsOf(read(tgz, f))) {
      const name = packageOf(spec);
      if (builtins.has(spec) || builtins.has(name) || name === pkg.name)
        continue;
      if (!(name in declared)) undeclared.add(`${name} (${f})`);
    }
  }
  for (const u of undeclared) say(`imports undeclared ${u}`);
  console.log(
    `${tgz}: ${pkg.name}@${pkg.version}, ${files.size} files, ` +
      `${Object.keys(declared).length} dependencies`,
  );
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${tarballs.length} packages checked`);
