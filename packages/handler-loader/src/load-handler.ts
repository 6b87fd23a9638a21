import { resolve } from 'node:path';
import { type ImportModule, loadModule } from './load-module.ts';
import { parseHandlerString } from './parse-handler-string.ts';
import type { FetchHandlerObject } from './resolve-handler.ts';
import { resolveHandler } from './resolve-handler.ts';

export interface LoadHandlerOptions {
  /** `LAMBDA_TASK_ROOT`, e.g. `/var/task`. */
  taskRoot: string;
  /** `_HANDLER`, e.g. `index.handler` or `src/api/users.handlers.get`. */
  handler: string;
  /**
   * How an ES module handler is imported; `import()` in this package by default. The Node app gives its
   * bootstrap's: it compiles the runtime with `vm.Script` (to use V8's code cache), where `import()`
   * has no module loader.
   */
  importModule?: ImportModule;
}

export interface LoadedHandler {
  /** The handler function, or an object with a callable `fetch` (a web-standard fetch handler). */
  handler: Function | FetchHandlerObject;
  /** The file that was loaded (for a package from node_modules, its entry file). */
  modulePath: string;
  /** The absolute directory the module name was resolved in (`taskRoot` + the `dir/` part of `_HANDLER`). */
  moduleRoot: string;
  /** The export path, e.g. `handler` or `a.b.c`. */
  handlerName: string;
}

/**
 * Loads `_HANDLER` from `taskRoot` as AWS's managed Node.js runtime does.
 * Rejects with MalformedHandlerNameError, ImportModuleError, UserCodeSyntaxError or HandlerNotFoundError,
 * or with whatever else the module threw while loading, unchanged.
 */
export async function loadHandler(options: LoadHandlerOptions): Promise<LoadedHandler> {
  const parsed = parseHandlerString(options.handler);
  const loaded = await loadModule(
    options.taskRoot,
    parsed.moduleRoot,
    parsed.moduleName,
    options.importModule,
  );
  return {
    handler: resolveHandler(loaded.exports, parsed.handlerPath, options.handler),
    modulePath: loaded.modulePath,
    moduleRoot: resolve(options.taskRoot, parsed.moduleRoot),
    handlerName: parsed.handlerPath.join('.'),
  };
}
