export type { Emulator } from './emulator.ts';
export { startEmulator } from './emulator.ts';
export {
  AppNotBuiltError,
  BootstrapNotFoundError,
  EmulatorClosedError,
  EmulatorError,
  InvalidOptionError,
  InvokeRequestError,
} from './errors.ts';
export type { InvokeOptions, InvokeResult } from './invoke-client.ts';
export {
  INIT_TIMEOUT_SECONDS,
  MAX_BUFFERED_RESPONSE_BYTES,
  MAX_INVOKE_REQUEST_BYTES,
  MAX_STREAMED_RESPONSE_BYTES,
} from './limits.ts';
export type { EmulatorOptions, LaunchCommand, OutputTarget } from './options.ts';
export { EXECUTION_ENV } from './runtime-environment.ts';
