export type { EngineInfo } from './engine.ts';
export { canRunTypeScript, currentEngine } from './engine.ts';
export {
  HandlerLoadError,
  HandlerNotFoundError,
  ImportModuleError,
  MalformedHandlerNameError,
  UserCodeSyntaxError,
} from './errors.ts';
export type { LoadedHandler, LoadHandlerOptions } from './load-handler.ts';
export { loadHandler } from './load-handler.ts';
export type { ImportModule } from './load-module.ts';
export type { ParsedHandler } from './parse-handler-string.ts';
export { parseHandlerString } from './parse-handler-string.ts';
export type { FetchHandlerObject } from './resolve-handler.ts';
export { isFetchHandlerObject } from './resolve-handler.ts';
