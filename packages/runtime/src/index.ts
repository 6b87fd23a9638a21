export type { Callback, LambdaContext } from './context-types.ts';
export type { CurrentInvocation } from './current-invocation.ts';
export { getCurrentInvocation } from './current-invocation.ts';
export {
  FetchResponseError,
  InvalidStreamingOperationError,
  JsonStringifyError,
  NodeJsExitError,
  RuntimeError,
  ShutdownTimeoutError,
  UnhandledPromiseRejectionError,
} from './errors.ts';
export type { FetchHandlerObject } from './fetch-handler.ts';
export { asLambdaHandler } from './fetch-handler.ts';
export { formatJsonLine, patchConsole } from './log-patch.ts';
export type { RunOptions } from './run.ts';
export { run } from './run.ts';
export type { ShutdownHook } from './shutdown.ts';
export { DEFAULT_SHUTDOWN_TIMEOUT_MS, onShutdown } from './shutdown.ts';
export type { TraceIdSetter, TraceIdSetterLoader } from './trace-id-env.ts';
