import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePackage } from './workspace.ts';

export type Bump = 'major' | 'minor' | 'patch';

export interface Changeset {
  readonly file: string;
  readonly releases: ReadonlyMap<string, Bump>;
  readonly summary: string;
}

const RANK: Record<Bump, number> = { patch: 0, minor: 1, major: 2 };

/** The pending changesets of `.changeset/` (every .md but README.md), front matter parsed. */
export function readChangesets(root: string): Changeset[] {
  const dir = join(root, '.changeset');
  const sets: Changeset[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.md') || file.toLowerCase() === 'readme.md') continue;
    const text = readFileSync(join(dir, file), 'utf8');
    const match = /^---\s*\n([\s\S]*?)\n---\s*\n?([\s\S]*)$/.exec(text);
    if (!match) throw new Error(`.changeset/${file} has no front matter`);
    const releases = new Map<string, Bump>();
    for (const line of match[1]!.split('\n')) {
      if (!line.trim()) continue;
      const release = /^\s*['"]?([^'":]+)['"]?\s*:\s*(major|minor|patch)\s*$/.exec(line);
      if (!release) throw new Error(`.changeset/${file}: cannot read "${line}"`);
      releases.set(release[1]!, release[2] as Bump);
    }
    sets.push({ file, releases, summary: match[2]!.trim() });
  }
  return sets;
}

/** The highest bump each package gets across the changesets. */
export function combinedBumps(sets: readonly Changeset[]): Map<string, Bump> {
  const bumps = new Map<string, Bump>();
  for (const set of sets) {
    for (const [name, bump] of set.releases) {
      const current = bumps.get(name);
      if (!current || RANK[bump] > RANK[current]) bumps.set(name, bump);
    }
  }
  return bumps;
}

/** semver's `inc` for plain x.y.z versions. */
export function bumpVersion(version: string, bump: Bump): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new Error(`not a plain x.y.z version: ${version}`);
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

export interface ExpectedVersion {
  readonly before: string;
  /** The version `changeset version` must write; a list when either is right (a dependent's patch). */
  readonly after: readonly string[];
  readonly reason: string;
}

/**
 * What `changeset version` should do to each package: the changesets' bumps exactly; a package that is in
 * no changeset but depends (dependencies / peerDependencies) on a bumped one may get a patch bump
 * (updateInternalDependencies); every other package keeps its version.
 */
export function expectedVersions(
  packages: readonly WorkspacePackage[],
  sets: readonly Changeset[],
): Map<string, ExpectedVersion> {
  const bumps = combinedBumps(sets);
  const expected = new Map<string, ExpectedVersion>();
  for (const { manifest } of packages) {
    const bump = bumps.get(manifest.name);
    if (bump) {
      expected.set(manifest.name, {
        before: manifest.version,
        after: [bumpVersion(manifest.version, bump)],
        reason: `${bump} in a changeset`,
      });
      continue;
    }
    const deps = { ...manifest.dependencies, ...manifest.peerDependencies };
    const dependsOnBumped = Object.keys(deps).some((name) => bumps.has(name));
    expected.set(manifest.name, {
      before: manifest.version,
      after: dependsOnBumped
        ? [manifest.version, bumpVersion(manifest.version, 'patch')]
        : [manifest.version],
      reason: dependsOnBumped ? 'a dependency is bumped' : 'in no changeset',
    });
  }
  return expected;
}
