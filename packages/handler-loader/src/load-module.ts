import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { canRunTypeScript, currentEngine } from './engine.ts';
import { normalizeEngineError } from './engine-errors.ts';
import { HandlerLoadError, ImportModuleError, UserCodeSyntaxError } from './errors.ts';
import { isTypeModuleFolder } from './package-type.ts';

// The loader's own require, as RIC's: its "Require stack" names this file, and modules it loads share
// `require.cache` with everything the handler requires. Made on first use: an ES module handler never
// needs it, and createRequire() costs 0.2-0.4 ms of a cold start, plus loading `node:module` (not loaded
// at startup) if it were imported at the top.
let ownRequire: NodeJS.Require | undefined;
function cjsRequire(): NodeJS.Require {
  ownRequire ??= process.getBuiltinModule('node:module').createRequire(import.meta.url);
  return ownRequire;
}

/** Imports an ES module by its file URL; `import()` in this package unless the caller gives another. */
export type ImportModule = (url: string) => Promise<unknown>;

const importHere: ImportModule = (url) => import(url);

export interface LoadedModule {
  /** `module.exports` (CommonJS) or the module namespace (ES module). */
  exports: unknown;
  /** The file that was loaded (a folder or package resolves to its entry file; a built-in to its name). */
  modulePath: string;
}

type Loader = 'require' | 'import';

async function loadFile(file: string, loader: Loader, importModule: ImportModule): Promise<LoadedModule> {
  if (loader === 'import') return { exports: await importModule(pathToFileURL(file).href), modulePath: file };
  const exports: unknown = cjsRequire()(file);
  return { exports, modulePath: cjsRequire().resolve(file) };
}

function typeScriptUnsupported(file: string): ImportModuleError {
  const { version } = currentEngine();
  return new ImportModuleError(
    `Cannot load the TypeScript handler '${file}': Node.js ${version} cannot strip types. ` +
      'TypeScript handlers need Node.js >= 22.18 (or 23.6+), or Bun; otherwise compile the handler to .js.',
  );
}

/**
 * Probes `<taskRoot>/<moduleRoot>/<moduleName>` in RIC's order, then falls back to Node's resolution
 * from node_modules. Errors are mapped as RIC does; see README ("Compatibility").
 */
export async function loadModule(
  taskRoot: string,
  moduleRoot: string,
  moduleName: string,
  importModule: ImportModule = importHere,
): Promise<LoadedModule> {
  try {
    return await probe(taskRoot, moduleRoot, moduleName, importModule);
  } catch (err) {
    throw toLoadError(err);
  }
}

async function probe(
  taskRoot: string,
  moduleRoot: string,
  moduleName: string,
  importModule: ImportModule,
): Promise<LoadedModule> {
  const base = resolve(taskRoot, moduleRoot, moduleName);
  // `.js` and `.ts` follow the nearest package.json's "type"; it is read only for them (not for `.mjs`).
  const byPackageType = (): Loader => (isTypeModuleFolder(dirname(base)) ? 'import' : 'require');
  // A candidate whose exports are falsy (`module.exports = null`) counts as not loaded, as in RIC.
  const candidates: Array<[extension: string, loader: Loader | typeof byPackageType]> = [
    ['', 'require'], // extensionless files (and folders) are always required
    ['.js', byPackageType],
    ['.mjs', 'import'],
    ['.cjs', 'require'],
  ];
  for (const [extension, loader] of candidates) {
    const file = base + extension;
    if (!existsSync(file)) continue;
    const loaded = await loadFile(file, typeof loader === 'function' ? loader() : loader, importModule);
    if (loaded.exports) return loaded;
  }
  const typeScript: typeof candidates = [
    ['.ts', byPackageType],
    ['.mts', 'import'],
    ['.cts', 'require'],
  ];
  for (const [extension, loader] of typeScript) {
    const file = base + extension;
    if (!existsSync(file)) continue;
    if (!canRunTypeScript()) throw typeScriptUnsupported(file);
    const loaded = await loadFile(file, typeof loader === 'function' ? loader() : loader, importModule);
    if (loaded.exports) return loaded;
  }
  // require() resolves relative to the caller, not the task root: give it the paths (RIC's comment).
  const resolved = cjsRequire().resolve(moduleName, { paths: [taskRoot, resolve(taskRoot, moduleRoot)] });
  return { exports: cjsRequire()(resolved), modulePath: resolved };
}

/** RIC's catch: SyntaxError -> UserCodeSyntaxError, MODULE_NOT_FOUND -> ImportModuleError, else as is. */
function toLoadError(thrown: unknown): unknown {
  if (thrown instanceof HandlerLoadError) return thrown;
  const err = normalizeEngineError(thrown);
  if (err instanceof SyntaxError) {
    const error = new UserCodeSyntaxError(String(err), { cause: err });
    error.stack = err.stack;
    return error;
  }
  if (err instanceof Error && (err as Error & { code?: unknown }).code === 'MODULE_NOT_FOUND') {
    return new ImportModuleError(String(err), { cause: err });
  }
  return err;
}
