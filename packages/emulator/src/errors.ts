/** Base class of every error this package throws. */
export class EmulatorError extends Error {
  override name = 'EmulatorError';
  readonly code: string = 'ERR_EMULATOR';
}

/** An option given to `startEmulator` or the CLI is missing or invalid. */
export class InvalidOptionError extends EmulatorError {
  override name = 'InvalidOptionError';
  override readonly code = 'ERR_EMULATOR_INVALID_OPTION' as const;
}

/** The bootstrap path does not exist or is not executable. */
export class BootstrapNotFoundError extends EmulatorError {
  override name = 'BootstrapNotFoundError';
  override readonly code = 'ERR_EMULATOR_BOOTSTRAP_NOT_FOUND' as const;
  readonly path: string;
  constructor(path: string, options?: ErrorOptions) {
    super(`bootstrap not found or not executable: ${path}`, options);
    this.path = path;
  }
}

/** `--app X` was given but `apps/X/dist/bootstrap` is missing (or there is no workspace root). */
export class AppNotBuiltError extends EmulatorError {
  override name = 'AppNotBuiltError';
  override readonly code = 'ERR_EMULATOR_APP_NOT_BUILT' as const;
}

/** The emulator was closed while the call was pending. */
export class EmulatorClosedError extends EmulatorError {
  override name = 'EmulatorClosedError';
  override readonly code = 'ERR_EMULATOR_CLOSED' as const;
}

/** `invoke()` could not talk to the emulator's own HTTP endpoint. */
export class InvokeRequestError extends EmulatorError {
  override name = 'InvokeRequestError';
  override readonly code = 'ERR_EMULATOR_INVOKE_REQUEST' as const;
}
