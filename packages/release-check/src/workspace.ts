import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The fields of a package.json the checks read. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly type?: string;
  readonly sideEffects?: boolean | readonly string[];
  readonly files?: readonly string[];
  readonly engines?: Readonly<Record<string, string>>;
  readonly license?: string;
  readonly exports?: unknown;
  readonly main?: string;
  readonly types?: string;
  readonly bin?: string | Readonly<Record<string, string>>;
  readonly publishConfig?: Readonly<Record<string, unknown>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly [field: string]: unknown;
}

export interface WorkspacePackage {
  /** Absolute folder. */
  readonly dir: string;
  /** Folder relative to the workspace root, with `/` (e.g. `packages/runtime`). */
  readonly path: string;
  readonly manifest: Manifest;
}

export const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

/** The folder holding pnpm-workspace.yaml, walking up from `from`. */
export function findWorkspaceRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The workspace's packages, from the `packages:` globs of pnpm-workspace.yaml (`dir/*` or `dir`). */
export function listWorkspacePackages(root: string): WorkspacePackage[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\s*\n((?:[ \t]+-.*\n?)+)/m.exec(yaml)?.[1] ?? '';
  const globs = [...block.matchAll(/-\s*['"]?([^'"\n]+?)['"]?\s*$/gm)].map((m) => m[1]!);
  const found: WorkspacePackage[] = [];
  for (const glob of globs) {
    if (glob.startsWith('!')) continue;
    const dirs = glob.endsWith('/*')
      ? readdirSync(join(root, glob.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${glob.slice(0, -2)}/${entry.name}`)
      : [glob];
    for (const path of dirs.sort()) {
      const dir = join(root, path);
      if (existsSync(join(dir, 'package.json'))) found.push({ dir, path, manifest: readManifest(dir) });
    }
  }
  return found;
}

/** The packages changesets would publish: every workspace package not marked private. */
export function publishablePackages(root: string): WorkspacePackage[] {
  return listWorkspacePackages(root).filter((pkg) => pkg.manifest.private !== true);
}
