import { builtinModules } from 'node:module';
import ts from 'typescript';
import type { TarEntry } from './tarball.ts';
import { DEPENDENCY_FIELDS, type Manifest } from './workspace.ts';

/** One entry of an `exports` map: the subpath, its condition path and the file it points at. */
export interface ExportTarget {
  readonly subpath: string;
  readonly conditions: readonly string[];
  readonly target: string;
}

/** Flattens `exports` (a string, a conditions object, or subpaths of either) into its targets. */
export function exportTargets(exportsField: unknown): ExportTarget[] {
  const out: ExportTarget[] = [];
  const walk = (subpath: string, value: unknown, conditions: string[]): void => {
    if (typeof value === 'string') out.push({ subpath, conditions, target: value });
    else if (Array.isArray(value)) for (const item of value) walk(subpath, item, conditions);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(subpath, inner, [...conditions, key]);
    }
  };
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) walk('.', exportsField, []);
  else if (exportsField && typeof exportsField === 'object') {
    const keys = Object.keys(exportsField);
    if (keys.every((key) => key.startsWith('.'))) {
      for (const [subpath, value] of Object.entries(exportsField)) walk(subpath, value, []);
    } else walk('.', exportsField, []);
  }
  return out;
}

function binTargets(manifest: Manifest): Array<[string, string]> {
  if (typeof manifest.bin === 'string') return [[manifest.name.split('/').pop()!, manifest.bin]];
  return Object.entries(manifest.bin ?? {});
}

const normalise = (path: string): string => path.replace(/^\.\//, '');

/** The package.json of a packed package: ESM, files, engines, sideEffects, exports, no workspace: ranges. */
export function checkManifest(manifest: Manifest): string[] {
  const problems: string[] = [];
  if (manifest.type !== 'module') problems.push(`"type" is ${JSON.stringify(manifest.type)}, not "module"`);
  if (typeof manifest.sideEffects !== 'boolean' && !Array.isArray(manifest.sideEffects)) {
    problems.push('"sideEffects" is missing');
  }
  if (!Array.isArray(manifest.files) || manifest.files.length === 0) problems.push('"files" is missing');
  if (!manifest.engines?.node) problems.push('"engines.node" is missing');
  else if (!/^>=\s*(\d+)/.test(manifest.engines.node)) {
    problems.push(`"engines.node" should be a lower bound (>=x.y.z), is ${manifest.engines.node}`);
  }
  if (!manifest.license) problems.push('"license" is missing');
  if (!/^\d+\.\d+\.\d+/.test(manifest.version ?? ''))
    problems.push(`"version" ${manifest.version} is not semver`);
  const targets = exportTargets(manifest.exports);
  if (targets.length === 0) problems.push('"exports" is missing');
  const subpaths = new Set(targets.map((t) => t.subpath));
  if (!subpaths.has('.')) problems.push('"exports" has no "." entry');
  if (!subpaths.has('./package.json')) problems.push('"exports" does not expose "./package.json"');
  for (const subpath of subpaths) {
    if (subpath === './package.json') continue;
    const conditions = targets.filter((t) => t.subpath === subpath).map((t) => t.conditions[0]);
    if (!conditions.includes('types')) problems.push(`exports["${subpath}"] has no "types" condition`);
    else if (conditions[0] !== 'types') problems.push(`exports["${subpath}"]: "types" must come first`);
    if (!conditions.includes('default') && !conditions.includes('import')) {
      problems.push(`exports["${subpath}"] has no "default" or "import" condition`);
    }
    if (conditions.includes('require'))
      problems.push(`exports["${subpath}"] has a "require" (CommonJS) condition`);
  }
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (range.startsWith('workspace:')) problems.push(`${field}["${name}"] is still "${range}"`);
      if (range.startsWith('link:') || range.startsWith('file:'))
        problems.push(`${field}["${name}"] is a local path: ${range}`);
    }
  }
  return problems;
}

const ALWAYS_ALLOWED = /^(package\.json|README\.md|CHANGELOG\.md|LICEN[CS]E(\.\w+)?|NOTICE)$/i;
const NOT_PUBLISHED = [
  { test: /^src(\/|$)/, why: 'sources (src/)' },
  { test: /(^|\/)(test|tests|__tests__|fixtures|bench)(\/|$)/, why: 'tests or fixtures' },
  { test: /\.(test|spec)\.[cm]?[jt]sx?$/, why: 'a test file' },
  {
    test: /(^|\/)(tsconfig[^/]*\.json|tsup\.config\.[cm]?[jt]s|biome\.json|\.turbo|node_modules)(\/|$)/,
    why: 'build configuration',
  },
  { test: /\.ts$/, why: 'TypeScript source', unless: /\.d\.[cm]?ts$/ },
];

/** The tarball's files: the exports' targets and their types, bins, README; nothing from src/ or tests. */
export function checkTarballFiles(manifest: Manifest, entries: readonly TarEntry[]): string[] {
  const problems: string[] = [];
  const files = new Map(entries.filter((e) => e.type === 'file').map((e) => [e.path, e]));
  for (const { subpath, conditions, target } of exportTargets(manifest.exports)) {
    const path = normalise(target);
    const where = `exports["${subpath}"]${conditions.map((c) => `.${c}`).join('')}`;
    if (!files.has(path)) {
      problems.push(`${where} points at ${target}, which is not in the tarball`);
      continue;
    }
    if (subpath === './package.json') continue;
    if (conditions.includes('types') && !/\.d\.[cm]?ts$/.test(path))
      problems.push(`${where} is not a .d.ts: ${target}`);
    if (!conditions.includes('types')) {
      if (!/^dist\/.*\.m?js$/.test(path)) problems.push(`${where} is not a dist/*.js file: ${target}`);
      const dts = path.replace(/\.(m?)js$/, '.d.$1ts');
      if (!files.has(dts)) problems.push(`${where}: ${dts} (its types) is not in the tarball`);
    }
  }
  for (const [name, target] of binTargets(manifest)) {
    const entry = files.get(normalise(target));
    if (!entry) problems.push(`bin "${name}" points at ${target}, which is not in the tarball`);
    else {
      if (!entry.data.subarray(0, 64).toString('utf8').startsWith('#!/usr/bin/env node')) {
        problems.push(`bin "${name}" (${target}) does not start with #!/usr/bin/env node`);
      }
      if ((entry.mode & 0o111) === 0)
        problems.push(`bin "${name}" (${target}) is not executable in the tarball`);
    }
  }
  if (!files.has('README.md')) problems.push('README.md is not in the tarball');
  const declared = (manifest.files ?? []).map((f) => normalise(f).replace(/\/$/, ''));
  for (const path of files.keys()) {
    const rule = NOT_PUBLISHED.find((r) => r.test.test(path) && !(r.unless?.test(path) ?? false));
    if (rule) problems.push(`${path} is ${rule.why} and should not be published`);
    else if (!ALWAYS_ALLOWED.test(path) && !declared.some((d) => path === d || path.startsWith(`${d}/`))) {
      problems.push(`${path} is outside "files"`);
    }
  }
  return problems;
}

/** README.md has a usage example: a fenced code block that imports the package or runs its bin. */
export function checkReadme(manifest: Manifest, readme: string | undefined): string[] {
  if (readme === undefined) return ['README.md is missing'];
  const blocks = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((m) => m[2]!);
  if (blocks.length === 0) return ['README.md has no code example (no fenced code block)'];
  const escaped = manifest.name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const imports = new RegExp(`(from|import|require\\()\\s*\\(?['"]${escaped}(/[^'"]*)?['"]`);
  const bins = binTargets(manifest).map(([name]) => name);
  const usage = blocks.some(
    (code) => imports.test(code) || bins.some((bin) => new RegExp(`(^|\\s)${bin}\\s`, 'm').test(code)),
  );
  return usage
    ? []
    : [
        `README.md has no example that imports ${manifest.name}${bins.length ? ` or runs ${bins.join(', ')}` : ''}`,
      ];
}

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** The package name of a bare specifier (`@scope/name/sub` -> `@scope/name`), or undefined if relative/builtin. */
export function packageOfSpecifier(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || BUILTINS.has(specifier)) return undefined;
  if (specifier.startsWith('node:') || specifier.startsWith('bun:') || specifier === 'bun') return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Every package the published JavaScript and declarations import is declared in dependencies or
 * peerDependencies (or is the package itself): an undeclared import works in the workspace, where pnpm
 * links everything, and breaks for the users.
 */
export function checkImports(manifest: Manifest, entries: readonly TarEntry[]): string[] {
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const problems = new Set<string>();
  for (const entry of entries) {
    if (entry.type !== 'file' || !/\.(m?js|d\.m?ts)$/.test(entry.path)) continue;
    const scanned = ts.preProcessFile(entry.data.toString('utf8'), true, true);
    const specifiers = [...scanned.importedFiles, ...scanned.referencedFiles].map((ref) => ref.fileName);
    for (const ref of scanned.typeReferenceDirectives) {
      if (ref.fileName !== 'node') specifiers.push(ref.fileName);
    }
    for (const specifier of specifiers) {
      const name = packageOfSpecifier(specifier);
      if (name && !declared.has(name))
        problems.add(`${entry.path} imports "${specifier}", but ${name} is not a dependency`);
    }
  }
  return [...problems];
}
