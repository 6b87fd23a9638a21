import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { AppNotBuiltError } from './errors.ts';

/** The nearest directory at or above `from` that holds `pnpm-workspace.yaml`. */
export function findWorkspaceRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `apps/<app>/dist/bootstrap` of the workspace around `cwd`, or a clear error. */
export function appBootstrap(app: string, cwd: string): string {
  if (!/^[\w.-]+$/.test(app)) throw new AppNotBuiltError(`invalid app name: ${app}`);
  const root = findWorkspaceRoot(cwd);
  if (!root) {
    throw new AppNotBuiltError(
      `--app ${app}: no pnpm-workspace.yaml found above ${cwd}; use --bootstrap <path>`,
    );
  }
  const bootstrap = join(root, 'apps', app, 'dist', 'bootstrap');
  if (!existsSync(bootstrap)) {
    const known = existsSync(join(root, 'apps', app)) ? '' : ` (there is no apps/${app})`;
    throw new AppNotBuiltError(`${bootstrap} not found${known}: run pnpm build first`);
  }
  return bootstrap;
}

/**
 * A relative path given on the command line: from the current directory, else from `INIT_CWD`
 * (where `pnpm exec` was started), else from the workspace root.
 */
export function resolveUserPath(path: string, cwd: string): string {
  if (isAbsolute(path)) return path;
  const bases = [cwd, process.env.INIT_CWD, findWorkspaceRoot(cwd)].filter((b): b is string => Boolean(b));
  for (const base of bases) {
    const candidate = resolve(base, path);
    if (existsSync(candidate)) return candidate;
  }
  return resolve(cwd, path);
}
