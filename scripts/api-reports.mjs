#!/usr/bin/env node
/*
 * API reports: what each publishable package exposes, as a markdown file
 * committed beside it, so that a change of the public API shows in review
 * and in the release notes. The equivalent of the report.api.md files
 * that `backstage-cli repo api-reports` (API Extractor) writes, made from
 * the declaration files `npm run pack` bundles into dist/ (index.d.ts, and
 * one more per entry of `exports`, such as the frontend's alpha.d.ts), with
 * the TypeScript and Prettier the repository already has.
 *
 * A report holds every declaration of the bundle without its comments (a
 * reworded doc comment is not an API change), each exported one preceded by
 * its release tag (`// @public`, `// @alpha`) or by a warning when it has
 * none. The CLI has no declarations: its report is its command (`bin`, the
 * `--help` text) and the names its dist/index.cjs.js exports.
 *
 *   node scripts/api-reports.mjs           writes the reports
 *   node scripts/api-reports.mjs --check   exit 1, naming each package whose
 *                                          committed report differs
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const GENERATOR = 'node scripts/api-reports.mjs';

/** The workspaces that are published: every one not marked private. */
function publishedPackages() {
  const dirs = [];
  for (const parent of ['plugins', 'packages']) {
    for (const name of readdirSync(join(root, parent)).sort()) {
      const manifest = join(root, parent, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      if (!pkg.private) dirs.push({ dir: join(parent, name), pkg });
    }
  }
  return dirs;
}

/**
 * Each entry point as `[subpath, declaration file, report file]`: `.` is
 * dist/index.d.ts into report.api.md, `./alpha` dist/alpha.d.ts into
 * report-alpha.api.md, as backstage-cli names them.
 */
function entryPoints(pkg) {
  const subpaths = Object.keys(pkg.exports ?? { '.': true }).filter(
    s => s !== './package.json',
  );
  return subpaths.map(subpath => {
    const name = subpath === '.' ? 'index' : subpath.replace(/^\.\//, '');
    const report = subpath === '.' ? 'report.api.md' : `report-${name}.api.md`;
    return [subpath, `dist/${name}.d.ts`, report];
  });
}

const RELEASE_TAGS = ['public', 'beta', 'alpha', 'internal'];

/** The local names that the bundle's `export { ... }` statements export. */
function exportedLocalNames(source) {
  const names = new Set();
  for (const statement of source.statements) {
    if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        names.add((element.propertyName ?? element.name).text);
      }
    }
  }
  return names;
}

/** The names a top-level statement declares. */
function declaredNames(statement) {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations
      .map(d => d.name)
      .filter(ts.isIdentifier)
      .map(n => n.text);
  }
  return statement.name && ts.isIdentifier(statement.name)
    ? [statement.name.text]
    : [];
}

function releaseTag(statement) {
  const tags = ts.getJSDocTags(
    ts.isVariableStatement(statement)
      ? statement.declarationList.declarations[0] ?? statement
      : statement,
  );
  return tags
    .map(tag => tag.tagName.text)
    .find(name => RELEASE_TAGS.includes(name));
}

/**
 * Unions of string literals in member order sorted: TypeScript prints an
 * inferred union (a blueprint's params) in the order it happened to create
 * the types, which differs between a fresh and an incremental build, so an
 * unchanged API must not read as changed.
 */
function sortLiteralUnions(context) {
  const visit = node => {
    const visited = ts.visitEachChild(node, visit, context);
    if (
      ts.isUnionTypeNode(visited) &&
      visited.types.every(
        t => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal),
      )
    ) {
      const sorted = [...visited.types].sort((a, b) =>
        a.literal.text < b.literal.text
          ? -1
          : a.literal.text > b.literal.text
          ? 1
          : 0,
      );
      return ts.factory.updateUnionTypeNode(
        visited,
        ts.factory.createNodeArray(sorted),
      );
    }
    return visited;
  };
  return node => ts.visitNode(node, visit);
}

/** The declarations of one bundled .d.ts, comments out, tags in. */
function declarationsOf(file) {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const printer = ts.createPrinter({
    removeComments: true,
    newLine: ts.NewLineKind.LineFeed,
  });
  const exported = exportedLocalNames(source);
  const blocks = [];
  let previous;
  for (const statement of source.statements) {
    const [stable] = ts.transform(statement, [sortLiteralUnions]).transformed;
    const text = printer.printNode(ts.EmitHint.Unspecified, stable, source);
    const names = declaredNames(statement).filter(n => exported.has(n));
    // the imports stay one block, as in the bundle
    if (
      ts.isImportDeclaration(statement) &&
      previous &&
      ts.isImportDeclaration(previous)
    ) {
      blocks[blocks.length - 1] += `\n${text}`;
      continue;
    }
    previous = statement;
    if (names.length === 0) {
      blocks.push(text);
      continue;
    }
    const tag = releaseTag(statement);
    const marker = tag
      ? `// @${tag}`
      : `// Warning: ${names
          .map(n => `"${n}"`)
          .join(', ')} is exported but has no release tag`;
    blocks.push(`${marker}\n${text}`);
  }
  return blocks.join('\n\n');
}

function header(pkg, from) {
  return [
    `## API Report File for "${pkg.name}"`,
    '',
    `> Do not edit this file. It is generated by \`${GENERATOR}\` from \`${from}\`, built by \`npm run pack\`.`,
    '',
  ].join('\n');
}

function declarationReport(pkg, dir, declarationFile) {
  return [
    header(pkg, declarationFile),
    '```ts',
    declarationsOf(join(root, dir, declarationFile)),
    '```',
    '',
  ].join('\n');
}

/** The names `exports.X = ...` assigns in a CommonJS bundle. */
function commonJsExports(file) {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/^exports\.([\w$]+)\s*=/gm)].map(m => m[1]).sort();
}

/**
 * A CLI is used through its command: what `bin` installs and what its
 * `--help` prints (run from the repository, which runs the same source the
 * bundle is built from), then what its module exports.
 */
function cliReport(pkg, dir) {
  const bins =
    typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : pkg.bin ?? {};
  const sections = [header(pkg, 'dist/index.cjs.js')];
  for (const [command, path] of Object.entries(bins).sort()) {
    const help = execFileSync(
      process.execPath,
      [join(root, dir, path), '--help'],
      { encoding: 'utf8' },
    );
    sections.push(
      `### \`${command}\` (bin: \`${path}\`)`,
      '',
      '```text',
      help.trimEnd(),
      '```',
      '',
    );
  }
  sections.push(
    '### Exports of `dist/index.cjs.js`',
    '',
    'The package ships no type declarations (a `cli` package); these names are what `require` of it gives.',
    '',
    ...commonJsExports(join(root, dir, 'dist/index.cjs.js')).map(
      name => `- \`${name}\``,
    ),
    '',
  );
  return sections.join('\n');
}

function format(text, reportPath) {
  const options = prettier.resolveConfig.sync(reportPath) ?? {};
  return prettier.format(text, { ...options, filepath: reportPath });
}

/** A few lines around the first difference, so the log says what moved. */
function firstDifference(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (lines, sign) =>
    lines
      .slice(i, i + 6)
      .map(l => `  ${sign} ${l}`)
      .join('\n');
  return `  first difference at line ${i + 1}:\n${show(a, '-')}\n${show(
    b,
    '+',
  )}`;
}

const changed = [];
const missingBuilds = [];
for (const { dir, pkg } of publishedPackages()) {
  const reports = [];
  if (pkg.backstage?.role === 'cli') {
    if (!existsSync(join(root, dir, 'dist/index.cjs.js'))) {
      missingBuilds.push(`${dir}/dist/index.cjs.js`);
      continue;
    }
    reports.push(['report.api.md', cliReport(pkg, dir)]);
  } else {
    for (const [, declarationFile, report] of entryPoints(pkg)) {
      if (!existsSync(join(root, dir, declarationFile))) {
        missingBuilds.push(`${dir}/${declarationFile}`);
        continue;
      }
      reports.push([report, declarationReport(pkg, dir, declarationFile)]);
    }
  }
  for (const [report, text] of reports) {
    const path = join(root, dir, report);
    const wanted = format(text, path);
    const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (committed === wanted) continue;
    if (check) {
      changed.push(
        committed
          ? `${pkg.name}: ${relative(
              root,
              path,
            )} differs from its build\n${firstDifference(committed, wanted)}`
          : `${pkg.name}: ${relative(root, path)} is missing`,
      );
    } else {
      writeFileSync(path, wanted);
      console.log(`api-reports: wrote ${relative(root, path)}`);
    }
  }
}

if (missingBuilds.length > 0) {
  console.error(
    `api-reports: no build to report on (run npm run pack first): ${missingBuilds.join(
      ', ',
    )}`,
  );
  process.exit(1);
}
if (changed.length > 0) {
  console.error(
    `api-reports: the API of ${changed.length} ${
      changed.length === 1 ? 'package' : 'packages'
    } changed:\n${changed.join(
      '\n',
    )}\nIf the change is meant, run \`${GENERATOR}\`, commit the reports and say so in the package's CHANGELOG.md.`,
  );
  process.exit(1);
}
if (check) console.log('api-reports: every report matches its build');
