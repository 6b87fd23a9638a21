export type { Bump, Changeset, ExpectedVersion } from './changesets.ts';
export { bumpVersion, combinedBumps, expectedVersions, readChangesets } from './changesets.ts';
export type { ExportTarget } from './check-package.ts';
export {
  checkImports,
  checkManifest,
  checkReadme,
  checkTarballFiles,
  exportTargets,
  packageOfSpecifier,
} from './check-package.ts';
export { ArchiveFormatError, CommandFailedError, MissingBuildError, ReleaseCheckError } from './errors.ts';
export type { LintFinding } from './lint-package.ts';
export { lintTarball } from './lint-package.ts';
export type { PackedPackage, ReleaseDryRun } from './release-dry-run.ts';
export { changelogOf, releaseDryRun } from './release-dry-run.ts';
export type { CommandOptions, CommandResult } from './run-command.ts';
export { runCommand } from './run-command.ts';
export type { ScratchProject } from './scratch-project.ts';
export {
  cleanNpmEnv,
  createScratchProject,
  installedRealPath,
  SCRATCH_BOOTSTRAP,
} from './scratch-project.ts';
export type { TarEntry } from './tarball.ts';
export { readPackageTarball } from './tarball.ts';
export type { ThrowawayCopyOptions } from './throwaway-copy.ts';
export { makeThrowawayCopy } from './throwaway-copy.ts';
export type { Manifest, WorkspacePackage } from './workspace.ts';
export {
  DEPENDENCY_FIELDS,
  findWorkspaceRoot,
  listWorkspacePackages,
  publishablePackages,
  readManifest,
} from './workspace.ts';
export type { ZipEntry } from './zip-reader.ts';
export { extractZip, listZip, readZipEntry } from './zip-reader.ts';
