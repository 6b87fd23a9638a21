import { HandlerNotFoundError } from './errors.ts';

/** A web-standard fetch handler: `export default { fetch(request) { ... } }`. */
export interface FetchHandlerObject {
  fetch: (...args: any[]) => unknown;
}

export function isFetchHandlerObject(value: unknown): value is FetchHandlerObject {
  return (
    typeof value === 'object' && value !== null && typeof (value as { fetch?: unknown }).fetch === 'function'
  );
}

// RIC v3's walk: `nested && nested[key]`, so it also steps through functions with properties.
function findIn(root: unknown, handlerPath: readonly string[]): unknown {
  return handlerPath.reduce<unknown>(
    (nested, key) => (nested ? (nested as Record<string, unknown>)[key] : nested),
    root,
  );
}

function findInFallback(moduleExports: unknown, handlerPath: readonly string[]): unknown {
  if (isModuleNamespace(moduleExports)) {
    // RIC v4: an ES module without the named export; look in its default export.
    const namespace = moduleExports as { default?: unknown };
    return 'default' in namespace ? findIn(namespace.default, handlerPath) : undefined;
  }
  // RIC v4 import()s CommonJS, whose `default` is module.exports: `module.exports = fn` + `file.default`.
  if (handlerPath[0] === 'default' && moduleExports) return findIn(moduleExports, handlerPath.slice(1));
  return undefined;
}

/**
 * Finds the export path in a loaded module, RIC's way, plus v4's `default` fallback for ES modules.
 * `fullHandler` is `_HANDLER` as given, for the messages.
 */
export function resolveHandler(
  moduleExports: unknown,
  handlerPath: readonly string[],
  fullHandler: string,
): Function | FetchHandlerObject {
  const value = findIn(moduleExports, handlerPath) || findInFallback(moduleExports, handlerPath);
  if (!value) throw new HandlerNotFoundError(`${fullHandler} is undefined or not exported`);
  if (typeof value === 'function' || isFetchHandlerObject(value)) return value;
  throw new HandlerNotFoundError(`${fullHandler} is not a function`);
}

/**
 * util.types.isModuleNamespaceObject, fetched on this fallback path only: `node:util` is not worth
 * loading at every cold start (it costs Bun about 8 ms).
 */
function isModuleNamespace(value: unknown): boolean {
  return (process.getBuiltinModule('node:util') as typeof import('node:util')).types.isModuleNamespaceObject(
    value,
  );
}
