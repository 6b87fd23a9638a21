import { type RunOptions, run } from '@lambda-engines/runtime';
import { handlerImporter } from './import-module.ts';
import { loadNativeTraceIdSetter } from './native-trace-id.ts';

export interface StartOptions {
  /** The bootstrap's `import()`: inside a `vm.Script`, `import()` has no module loader. */
  readonly importModule: NonNullable<RunOptions['importModule']>;
  /** The bootstrap's `require`. */
  readonly requireModule: NodeJS.Require;
}

/**
 * Starts the runtime; dist/bootstrap calls it after compiling this bundle with V8's code cache.
 * No top-level await: the bundle is CommonJS.
 */
export function start(options: StartOptions): void {
  run({
    loadTraceIdSetter: loadNativeTraceIdSetter,
    importModule: handlerImporter(options.importModule, options.requireModule),
  }).catch((error: unknown) => {
    process.stderr.write(`lambda-engines: the runtime failed to start: ${String(error)}\n`);
    process.exit(1);
  });
}
