import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './run-command.ts';

export interface ScratchProject {
  readonly dir: string;
  /** `<dir>/bootstrap`: `import { run } from '@lambda-engines/runtime'; run()` with a node shebang. */
  readonly bootstrap: string;
  /** How each installed package was resolved, from node_modules/.package-lock.json. */
  readonly installed: ReadonlyMap<string, { version: string; resolved: string | undefined; link: boolean }>;
}

export const SCRATCH_BOOTSTRAP = `#!/usr/bin/env node
// A custom runtime's bootstrap, built from the published packages only.
import { run } from '@lambda-engines/runtime';

run();
`;

/**
 * A new project outside the workspace, with only the given tarballs installed by `npm install` (their
 * registry dependencies, e.g. undici, come from the registry or npm's cache) and a bootstrap.
 */
export async function createScratchProject(
  tarballs: readonly string[],
  parent = tmpdir(),
): Promise<ScratchProject> {
  const dir = await mkdtemp(join(parent, 'lambda-engines-scratch-'));
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'scratch', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  await runCommand(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs],
    // npm must not see the workspace: no npm_config_* from a pnpm parent (e.g. a workspace root dir).
    { cwd: dir, env: cleanNpmEnv(), timeoutMs: 120_000 },
  );
  const bootstrap = join(dir, 'bootstrap');
  await writeFile(bootstrap, SCRATCH_BOOTSTRAP);
  await chmod(bootstrap, 0o755);
  await mkdir(join(dir, 'function'), { recursive: true });
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules', '.package-lock.json'), 'utf8')) as {
    packages: Record<string, { version: string; resolved?: string; link?: boolean }>;
  };
  const installed = new Map<string, { version: string; resolved: string | undefined; link: boolean }>();
  for (const [path, info] of Object.entries(lock.packages)) {
    const name = path.replace(/^.*node_modules\//, '');
    const folder = join(dir, path);
    const link = info.link === true || (existsSync(folder) && lstatSync(folder).isSymbolicLink());
    installed.set(name, { version: info.version, resolved: info.resolved, link });
  }
  return { dir, bootstrap, installed };
}

/** The environment without npm_* / pnpm settings a parent `pnpm test` exports. */
export function cleanNpmEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const key of Object.keys(process.env)) {
    if (/^(npm_|pnpm_|PNPM_)/i.test(key)) env[key] = undefined;
  }
  return env;
}

/** The real folder of an installed package (to prove it is not a link into the workspace). */
export function installedRealPath(project: ScratchProject, name: string): string {
  return realpathSync(join(project.dir, 'node_modules', name));
}
