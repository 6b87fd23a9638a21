/** Base class of the release checks' errors; `code` is stable. */
export class ReleaseCheckError extends Error {
  override name = 'ReleaseCheckError';
  readonly code: string = 'ERR_RELEASE_CHECK';
}

/** A command (git, pnpm, npm, changeset, tar) exited non-zero or could not start. */
export class CommandFailedError extends ReleaseCheckError {
  override name = 'CommandFailedError';
  override readonly code = 'ERR_RELEASE_CHECK_COMMAND' as const;
  readonly command: string;
  readonly exitCode: number | null;
  readonly output: string;

  constructor(command: string, exitCode: number | null, output: string, options?: { cause?: unknown }) {
    const tail = output.trim().split('\n').slice(-30).join('\n');
    super(`${command} failed (exit ${exitCode}):\n${tail}`, options);
    this.command = command;
    this.exitCode = exitCode;
    this.output = output;
  }
}

/** A built artifact (dist/, a tarball) the checks need is missing. */
export class MissingBuildError extends ReleaseCheckError {
  override name = 'MissingBuildError';
  override readonly code = 'ERR_RELEASE_CHECK_NOT_BUILT' as const;
}

/** A .tgz or .zip file could not be read. */
export class ArchiveFormatError extends ReleaseCheckError {
  override name = 'ArchiveFormatError';
  override readonly code = 'ERR_RELEASE_CHECK_ARCHIVE' as const;
}
