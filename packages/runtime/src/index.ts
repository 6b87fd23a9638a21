export { run } from './run.ts';
export type { RunOptions } from './run.ts';
export { getCurrentInvocation } from './current-invocation.ts';
export type { CurrentInvocation } from './current-invocation.ts';
export type { LambdaContext, Callback } from './context-types.ts';
export {
  RuntimeError,
  JsonStringifyError,
  NodeJsExitError,
  UnhandledPromiseRejectionError,
  InvalidStreamingOperationError,
  FetchResponseError,
  ShutdownTimeoutError,
} from './errors.ts';
export { onShutdown, DEFAULT_SHUTDOWN_TIMEOUT_MS } from './shutdown.ts';
export type { ShutdownHook } from './shutdown.ts';
export { asLambdaHandler } from './fetch-handler.ts';
export type { FetchHandlerObject } from './fetch-handler.ts';
export { patchConsole, formatJsonLine } from './log-patch.ts';
