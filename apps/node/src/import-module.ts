import { fileURLToPath } from 'node:url';
import type { RunOptions } from '@lambda-engines/runtime';

type ImportModule = NonNullable<RunOptions['importModule']>;

// Flags through which code runs before the handler and may register module customization hooks, which
// require() of an ES module would not run the way import() does.
const PRELOAD_FLAGS = /(?:^|\s)(?:--import|--loader|--experimental-loader|--require|-r)(?:[=\s]|$)/;

/** What decides the importer (a parameter so tests can give the facts of another Node). */
export interface NodeFacts {
  readonly version: string;
  /** `process.features.require_module`: require() takes ES modules. */
  readonly requiresModules: boolean;
  /** `process.execArgv` and `NODE_OPTIONS`. */
  readonly flags: string;
}

function thisNode(): NodeFacts {
  return {
    version: process.versions.node,
    requiresModules: (process.features as { require_module?: boolean }).require_module === true,
    flags: `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`,
  };
}

/**
 * How the Node app imports an ES module handler. On Node 20 the first `import()` loads `fs/promises` and
 * the asynchronous ES module loader: 6.4 ms for a hello handler, against 2.7 ms for `require()` of the
 * same file (Node >= 20.19 requires ES modules without top-level await; Node 24: ~1 ms either way). So on
 * Node 20 the handler is required, unless a preload flag may have registered hooks. A module with
 * top-level await, or one that exports "module.exports" (require() then returns that, not the module),
 * goes to `import()`, which returns the module already evaluated.
 */
export function handlerImporter(
  nodeImport: ImportModule,
  requireModule: NodeJS.Require,
  node: NodeFacts = thisNode(),
): ImportModule {
  if (!node.version.startsWith('20.') || !node.requiresModules || PRELOAD_FLAGS.test(node.flags)) {
    return nodeImport;
  }
  const { isModuleNamespaceObject } = process.getBuiltinModule('node:util').types;
  return async (url) => {
    let exports: unknown;
    try {
      exports = requireModule(fileURLToPath(url));
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_REQUIRE_ASYNC_MODULE') return nodeImport(url);
      throw error;
    }
    return isModuleNamespaceObject(exports) ? exports : nodeImport(url);
  };
}
