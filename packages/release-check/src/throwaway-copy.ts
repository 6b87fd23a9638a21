import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MissingBuildError } from './errors.ts';
import { runCommand } from './run-command.ts';

export interface ThrowawayCopyOptions {
  /** The repository (a git work tree). */
  readonly root: string;
  /** Folders (relative to root) whose built `dist/` is copied too, e.g. `packages/runtime`. */
  readonly withDist: readonly string[];
  /** Parent of the copy (default: the system temp folder). */
  readonly parent?: string;
}

/**
 * Copies what a fresh clone holds (git's tracked files, plus files not yet committed that .gitignore does
 * not exclude) and the given packages' built dist/ folders into a new temp folder; returns it. Nothing is
 * ever written to the real tree.
 */
export async function makeThrowawayCopy(options: ThrowawayCopyOptions): Promise<string> {
  const copy = await mkdtemp(join(options.parent ?? tmpdir(), 'lambda-engines-release-'));
  const listed = await runCommand('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: options.root,
  });
  const files = [...new Set(listed.stdout.split('\0').filter(Boolean))];
  const made = new Set<string>();
  for (const file of files) {
    const from = join(options.root, file);
    if (!existsSync(from)) continue; // deleted in the work tree, not committed yet
    const to = join(copy, file);
    const parent = dirname(to);
    if (!made.has(parent)) {
      await mkdir(parent, { recursive: true });
      made.add(parent);
    }
    await cp(from, to, { preserveTimestamps: true, verbatimSymlinks: true });
  }
  for (const folder of options.withDist) {
    const dist = join(options.root, folder, 'dist');
    if (!existsSync(dist)) throw new MissingBuildError(`${dist} does not exist: run pnpm build first`);
    await cp(dist, join(copy, folder, 'dist'), { recursive: true });
  }
  return copy;
}
