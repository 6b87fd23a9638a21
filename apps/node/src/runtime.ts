import { type RunOptions, run } from '@lambda-engines/runtime';
import { loadNativeTraceIdSetter } from './native-trace-id.ts';

/**
 * Starts the runtime; dist/bootstrap calls it after compiling this bundle with V8's code cache. The
 * bootstrap gives its own `import()`: inside a `vm.Script`, `import()` has no module loader.
 * No top-level await: the bundle is CommonJS.
 */
export function start(options: Pick<RunOptions, 'importModule'>): void {
  run({ loadTraceIdSetter: loadNativeTraceIdSetter, importModule: options.importModule }).catch(
    (error: unknown) => {
      process.stderr.write(`lambda-engines: the runtime failed to start: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
