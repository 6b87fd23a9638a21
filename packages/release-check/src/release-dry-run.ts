import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Changeset, type ExpectedVersion, expectedVersions, readChangesets } from './changesets.ts';
import { MissingBuildError } from './errors.ts';
import { runCommand } from './run-command.ts';
import { readPackageTarball, type TarEntry } from './tarball.ts';
import { makeThrowawayCopy } from './throwaway-copy.ts';
import { listWorkspacePackages, type Manifest, publishablePackages, readManifest } from './workspace.ts';

export interface PackedPackage {
  readonly name: string;
  /** Folder relative to the workspace root. */
  readonly path: string;
  /** The tarball `pnpm pack` wrote. */
  readonly tarball: string;
  /** package.json as published (from the tarball). */
  readonly manifest: Manifest;
  readonly entries: readonly TarEntry[];
  /** Versions before and after `changeset version`. */
  readonly before: string;
  readonly after: string;
}

export interface ReleaseDryRun {
  /** The throwaway copy `changeset version` ran in. */
  readonly copy: string;
  readonly changesets: readonly Changeset[];
  readonly expected: ReadonlyMap<string, ExpectedVersion>;
  /** Every workspace package's version after `changeset version`, private ones included. */
  readonly versionsAfter: ReadonlyMap<string, string>;
  readonly packed: readonly PackedPackage[];
  /** Changeset files left in the copy's .changeset/ after `changeset version` (consumed ones are deleted). */
  readonly changesetsLeft: readonly string[];
  readonly timings: Readonly<Record<string, number>>;
}

/**
 * The release up to `npm publish`, on a copy: copy the tree and the built dist/ folders, install from
 * pnpm's store (offline when it can), `changeset version`, then `pnpm pack` every publishable package
 * (which turns `workspace:^` into real ranges). The real tree is only read.
 */
export async function releaseDryRun(root: string, parent?: string): Promise<ReleaseDryRun> {
  const timings: Record<string, number> = {};
  const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      timings[label] = Math.round(performance.now() - started);
    }
  };
  const publishable = publishablePackages(root);
  for (const pkg of publishable) {
    if (!existsSync(join(pkg.dir, 'dist')))
      throw new MissingBuildError(`${pkg.path}/dist does not exist: run pnpm build first`);
  }
  const workspace = listWorkspacePackages(root);
  const changesets = readChangesets(root);
  const expected = expectedVersions(workspace, changesets);

  const copy = await time('copy', () =>
    makeThrowawayCopy({ root, withDist: publishable.map((p) => p.path), parent }),
  );
  await time('install', async () => {
    const base = ['install', '--frozen-lockfile', '--ignore-scripts', '--reporter=silent'];
    const offline = await runCommand('pnpm', [...base, '--offline'], {
      cwd: copy,
      allowFailure: true,
      timeoutMs: 180_000,
    });
    if (offline.exitCode !== 0)
      await runCommand('pnpm', [...base, '--prefer-offline'], { cwd: copy, timeoutMs: 180_000 });
  });
  await time('changeset version', () =>
    runCommand('pnpm', ['exec', 'changeset', 'version'], { cwd: copy, timeoutMs: 60_000 }),
  );
  const versionsAfter = new Map(
    listWorkspacePackages(copy).map((pkg) => [pkg.manifest.name, pkg.manifest.version] as const),
  );
  const changesetsLeft = readdirSync(join(copy, '.changeset')).filter(
    (file) => file.endsWith('.md') && file.toLowerCase() !== 'readme.md',
  );

  const out = join(copy, '.packed');
  await mkdir(out);
  const packed: PackedPackage[] = [];
  await time('pnpm pack', async () => {
    for (const pkg of publishable) {
      const dir = join(copy, pkg.path);
      const before = new Set(readdirSync(out));
      await runCommand('pnpm', ['pack', '--pack-destination', out], { cwd: dir, timeoutMs: 60_000 });
      const made = readdirSync(out).filter((file) => !before.has(file) && file.endsWith('.tgz'));
      if (made.length !== 1)
        throw new MissingBuildError(`pnpm pack in ${pkg.path} wrote ${made.length} tarballs`);
      const tarball = join(out, made[0]!);
      const entries = readPackageTarball(tarball);
      const manifestEntry = entries.find((entry) => entry.path === 'package.json');
      if (!manifestEntry) throw new MissingBuildError(`${tarball} has no package.json`);
      packed.push({
        name: pkg.manifest.name,
        path: pkg.path,
        tarball,
        manifest: JSON.parse(manifestEntry.data.toString('utf8')) as Manifest,
        entries,
        before: pkg.manifest.version,
        after: readManifest(dir).version,
      });
    }
  });
  return { copy, changesets, expected, versionsAfter, packed, changesetsLeft, timings };
}

/** The CHANGELOG.md `changeset version` wrote for a package in the copy, if any. */
export function changelogOf(dryRun: ReleaseDryRun, path: string): string | undefined {
  const file = join(dryRun.copy, path, 'CHANGELOG.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
