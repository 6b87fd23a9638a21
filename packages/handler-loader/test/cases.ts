/**
 * The loader's cases: a fixture task root, a `_HANDLER`, and what AWS's runtime interface client (RIC)
 * does with it. `pins` names the v3/v4 difference (README, "Compatibility") a case holds us to; `bun` is
 * set where Bun's module loader is knowingly more lenient than Node's.
 */
export type Expected =
  | { result: unknown; kind?: 'function' | 'fetch-object'; modulePath?: string; moduleRoot?: string }
  | { error: string; code?: string; message: string | RegExp; stack0?: string | RegExp; wrapped?: boolean };

export interface Case {
  id: string;
  /** Task root, relative to the fixtures folder. */
  root: string;
  /** `_HANDLER`; `<root>` is replaced with the absolute fixtures folder. */
  handler: string;
  expect: Expected;
  /** What Bun does instead, when it differs (an engine difference, not a loader choice). */
  bun?: Expected;
  /** `typescript`: the outcome depends on whether the engine can strip types. */
  typescript?: { file: string; result: unknown };
  pins?: string;
}

const event = { from: 'runner' };
const NPJ = 'no-package-json';
const BAD_PATH = (h: string) =>
  `'${h}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`;

export const cases: Case[] = [
  // --- CommonJS .js without package.json --------------------------------------------------------------
  {
    id: 'cjs async handler',
    root: NPJ,
    handler: 'index.handler',
    expect: {
      result: { from: 'no-package-json/index.js#handler', event },
      modulePath: '<root>/no-package-json/index.js',
      moduleRoot: '<root>/no-package-json',
    },
  },
  {
    id: 'cjs sync handler',
    root: NPJ,
    handler: 'index.syncHandler',
    expect: { result: { from: 'no-package-json/index.js#syncHandler', event } },
  },
  {
    id: 'nested export path',
    root: NPJ,
    handler: 'index.nested.a.b.c',
    expect: { result: 'no-package-json/index.js#nested.a.b.c' },
  },
  {
    id: 'missing export',
    root: NPJ,
    handler: 'index.missing',
    expect: {
      error: 'Runtime.HandlerNotFound',
      code: 'ERR_HANDLER_NOT_FOUND',
      message: 'index.missing is undefined or not exported',
      stack0: 'Runtime.HandlerNotFound: index.missing is undefined or not exported',
    },
  },
  {
    id: 'export that is not a function',
    root: NPJ,
    handler: 'index.notAFunction',
    expect: { error: 'Runtime.HandlerNotFound', message: 'index.notAFunction is not a function' },
  },
  {
    id: 'falsy export counts as not exported',
    root: NPJ,
    handler: 'index.falsyExport',
    expect: { error: 'Runtime.HandlerNotFound', message: 'index.falsyExport is undefined or not exported' },
  },
  {
    id: 'cjs object with fetch',
    root: NPJ,
    handler: 'index.fetchObject',
    expect: { kind: 'fetch-object', result: 'no-package-json/index.js#fetchObject' },
    pins: 'addition: { fetch } objects are handlers',
  },
  // --- probing order ----------------------------------------------------------------------------------
  {
    id: 'extensionless file wins over .js/.mjs/.cjs',
    root: NPJ,
    handler: 'precedence.handler',
    expect: { result: 'no-package-json/precedence (extensionless)' },
  },
  {
    id: '.js wins over .mjs',
    root: NPJ,
    handler: 'js-vs-mjs.handler',
    expect: { result: 'no-package-json/js-vs-mjs.js' },
  },
  {
    id: '.mjs wins over .cjs',
    root: NPJ,
    handler: 'mjs-vs-cjs.handler',
    expect: { result: 'no-package-json/mjs-vs-cjs.mjs' },
  },
  {
    id: 'falsy module.exports keeps probing',
    root: NPJ,
    handler: 'falsy-exports.handler',
    expect: { result: 'no-package-json/falsy-exports.cjs#handler' },
    pins: 'v3: a falsy require() result counts as not loaded',
  },
  // --- .mjs / .cjs ------------------------------------------------------------------------------------
  {
    id: '.mjs handler',
    root: NPJ,
    handler: 'esm.handler',
    expect: {
      result: { from: 'no-package-json/esm.mjs#handler', event },
      modulePath: '<root>/no-package-json/esm.mjs',
    },
  },
  {
    id: '.mjs nested export path',
    root: NPJ,
    handler: 'esm.nested.a.b.c',
    expect: { result: 'no-package-json/esm.mjs#nested.a.b.c' },
  },
  {
    id: '.cjs handler',
    root: NPJ,
    handler: 'commonjs.handler',
    expect: { result: 'no-package-json/commonjs.cjs#handler' },
  },
  {
    id: 'top-level await finishes before the handler is returned',
    root: NPJ,
    handler: 'async-init.handler',
    expect: { result: 'no-package-json/async-init.mjs#handler' },
  },
  // --- default exports --------------------------------------------------------------------------------
  {
    id: 'esm default export function as file.default',
    root: NPJ,
    handler: 'default-function.default',
    expect: { result: 'no-package-json/default-function.mjs#default' },
  },
  {
    id: 'esm default function is not found as file.handler',
    root: NPJ,
    handler: 'default-function.handler',
    expect: {
      error: 'Runtime.HandlerNotFound',
      message: 'default-function.handler is undefined or not exported',
    },
    pins: 'v4 falls back to default.handler only, never to default itself',
  },
  {
    id: 'esm default object: file.handler falls back to default.handler',
    root: NPJ,
    handler: 'default-object.handler',
    expect: { result: 'no-package-json/default-object.mjs#default.handler' },
    pins: 'v4 addition: default fallback',
  },
  {
    id: 'esm default fallback with a nested path',
    root: NPJ,
    handler: 'default-object.nested.inner',
    expect: { result: 'no-package-json/default-object.mjs#default.nested.inner' },
    pins: 'v4 addition: default fallback',
  },
  {
    id: 'named export wins over default.handler',
    root: NPJ,
    handler: 'named-and-default.handler',
    expect: { result: 'no-package-json/named-and-default.mjs#handler' },
  },
  {
    id: 'export path through a function with properties',
    root: NPJ,
    handler: 'function-with-props.handler.inner',
    expect: { result: 'no-package-json/function-with-props.js#handler.inner' },
    pins: 'v3 walk (v4 only walks through objects)',
  },
  {
    id: 'module.exports = fn as file.default',
    root: NPJ,
    handler: 'module-exports-function.default',
    expect: { result: 'no-package-json/module-exports-function.js#module.exports' },
    pins: 'v4 addition: CommonJS default is module.exports',
  },
  {
    id: 'module.exports = fn is not file.handler',
    root: NPJ,
    handler: 'module-exports-function.handler',
    expect: {
      error: 'Runtime.HandlerNotFound',
      message: 'module-exports-function.handler is undefined or not exported',
    },
  },
  {
    id: 'tsc-style exports.default as file.default',
    root: NPJ,
    handler: 'exports-default.default',
    expect: { result: 'no-package-json/exports-default.js#default' },
    pins: 'v3 (v4 answers "is not a function": its default is module.exports)',
  },
  {
    id: 'esm syntax in a .js without package.json loads (require(esm))',
    root: NPJ,
    handler: 'esm-syntax.handler',
    expect: { result: 'no-package-json/esm-syntax.js#handler' },
  },
  {
    id: 'require(esm) result gets the default fallback too',
    root: NPJ,
    handler: 'esm-syntax.other',
    expect: { result: 'no-package-json/esm-syntax.js#default.other' },
    pins: 'v4 addition: default fallback for any module namespace',
  },
  // --- paths ------------------------------------------------------------------------------------------
  {
    id: 'nested directories',
    root: NPJ,
    handler: 'dir/sub/file.handler',
    expect: {
      result: 'no-package-json/dir/sub/file.js#handler',
      modulePath: '<root>/no-package-json/dir/sub/file.js',
      moduleRoot: '<root>/no-package-json/dir/sub',
    },
  },
  {
    id: 'nested directories and a nested export path',
    root: NPJ,
    handler: 'dir/sub/file.a.b.c',
    expect: { result: 'no-package-json/dir/sub/file.js#a.b.c' },
  },
  {
    id: 'absolute module root',
    root: 'type-commonjs',
    handler: '<root>/no-package-json/esm.syncHandler',
    expect: { result: 'no-package-json/esm.mjs#syncHandler', moduleRoot: '<root>/no-package-json' },
  },
  {
    id: 'a folder is required like a module (index.js)',
    root: NPJ,
    handler: 'folder-module.handler',
    expect: {
      result: 'no-package-json/folder-module/index.js#handler',
      modulePath: '<root>/no-package-json/folder-module/index.js',
    },
    pins: 'v3 (v4 import()s the folder: ERR_UNSUPPORTED_DIR_IMPORT)',
  },
  {
    id: 'package in node_modules',
    root: NPJ,
    handler: 'some-pkg.handler',
    expect: {
      result: 'no-package-json/node_modules/some-pkg/lib/main.js#handler',
      modulePath: '<root>/no-package-json/node_modules/some-pkg/lib/main.js',
    },
  },
  {
    id: 'ES module package in node_modules',
    root: NPJ,
    handler: 'esm-pkg.handler',
    expect: { result: 'no-package-json/node_modules/esm-pkg/index.js#handler' },
  },
  {
    id: 'node built-in module through the node_modules fallback',
    root: NPJ,
    handler: 'util.isDeepStrictEqual',
    expect: { result: false },
  },
  // --- failures while loading -------------------------------------------------------------------------
  {
    id: 'module not found',
    root: NPJ,
    handler: 'does-not-exist.handler',
    expect: {
      error: 'Runtime.ImportModuleError',
      code: 'ERR_IMPORT_MODULE',
      message: "Error: Cannot find module 'does-not-exist'\nRequire stack:\n- <loader>",
      stack0: "Runtime.ImportModuleError: Error: Cannot find module 'does-not-exist'",
    },
  },
  {
    id: 'cjs throws a custom error at import',
    root: NPJ,
    handler: 'throws-at-import-cjs.handler',
    expect: {
      error: 'CustomInitError',
      code: 'E_CUSTOM_INIT',
      message: 'thrown while loading throws-at-import-cjs.js',
      wrapped: false,
    },
  },
  {
    id: 'esm throws a custom error at import',
    root: NPJ,
    handler: 'throws-at-import-esm.handler',
    expect: {
      error: 'CustomInitError',
      code: 'E_CUSTOM_INIT',
      message: 'thrown while loading throws-at-import-esm.mjs',
      wrapped: false,
    },
  },
  {
    id: 'cjs syntax error',
    root: NPJ,
    handler: 'syntax-error-cjs.handler',
    expect: {
      error: 'Runtime.UserCodeSyntaxError',
      code: 'ERR_USER_CODE_SYNTAX',
      message: /^SyntaxError: Unexpected (token '\}'|\})$/,
      stack0: '<root>/no-package-json/syntax-error-cjs.js:2',
    },
    pins: 'v4: the stack is the SyntaxError\'s own (v3: a new "Runtime.UserCodeSyntaxError: ..." stack)',
  },
  {
    id: 'esm syntax error',
    root: NPJ,
    handler: 'syntax-error-esm.handler',
    expect: {
      error: 'Runtime.UserCodeSyntaxError',
      code: 'ERR_USER_CODE_SYNTAX',
      message: /^SyntaxError: Unexpected (token '\}'|\})$/,
    },
  },
  {
    id: 'import statement in a .cjs file',
    root: NPJ,
    handler: 'syntax-error-import-in-cjs.handler',
    expect: { error: 'Runtime.UserCodeSyntaxError', message: /^SyntaxError: Cannot use import statement/ },
  },
  {
    id: 'SyntaxError thrown by code at load time (JSON.parse)',
    root: NPJ,
    handler: 'json-parse-at-init.handler',
    expect: { error: 'Runtime.UserCodeSyntaxError', message: /^SyntaxError: .*JSON/ },
  },
  {
    id: 'cjs handler requires a missing dependency',
    root: NPJ,
    handler: 'missing-dependency-cjs.handler',
    expect: {
      error: 'Runtime.ImportModuleError',
      message:
        /^Error: Cannot find module 'lambda-engines-fixture-missing-dependency'\nRequire stack:\n- <root>\/no-package-json\/missing-dependency-cjs\.js/,
      stack0:
        "Runtime.ImportModuleError: Error: Cannot find module 'lambda-engines-fixture-missing-dependency'",
    },
  },
  {
    id: 'esm handler imports a missing dependency (not wrapped, as in RIC)',
    root: NPJ,
    handler: 'missing-dependency-esm.handler',
    expect: {
      error: 'Error',
      code: 'ERR_MODULE_NOT_FOUND',
      message:
        "Cannot find package 'lambda-engines-fixture-missing-dependency' imported from <root>/no-package-json/missing-dependency-esm.mjs",
      stack0:
        "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'lambda-engines-fixture-missing-dependency' imported from <root>/no-package-json/missing-dependency-esm.mjs",
      wrapped: false,
    },
  },
  // --- fetch handlers ---------------------------------------------------------------------------------
  {
    id: 'esm default object with fetch',
    root: NPJ,
    handler: 'fetch-handler.default',
    expect: { kind: 'fetch-object', result: 'no-package-json/fetch-handler.mjs#default.fetch /path' },
    pins: 'addition: { fetch } objects are handlers',
  },
  {
    id: 'object whose fetch is not callable',
    root: NPJ,
    handler: 'not-fetch-handler.default',
    expect: { error: 'Runtime.HandlerNotFound', message: 'not-fetch-handler.default is not a function' },
  },
  // --- malformed handler strings ----------------------------------------------------------------------
  {
    id: 'no dot',
    root: NPJ,
    handler: 'index',
    expect: {
      error: 'Runtime.MalformedHandlerName',
      code: 'ERR_MALFORMED_HANDLER_NAME',
      message: 'Bad handler',
      stack0: 'Runtime.MalformedHandlerName: Bad handler',
    },
  },
  {
    id: 'no dot after a directory',
    root: NPJ,
    handler: 'dir/sub/',
    expect: { error: 'Runtime.MalformedHandlerName', message: 'Bad handler' },
  },
  {
    id: 'leading ..',
    root: NPJ,
    handler: '../index.handler',
    expect: { error: 'Runtime.MalformedHandlerName', message: BAD_PATH('../index.handler') },
  },
  {
    id: '.. inside the path',
    root: NPJ,
    handler: 'dir/../index.handler',
    expect: { error: 'Runtime.MalformedHandlerName', message: BAD_PATH('dir/../index.handler') },
  },
  // --- TypeScript (beyond the managed runtime) --------------------------------------------------------
  {
    id: '.ts handler (CommonJS scope, require)',
    root: NPJ,
    handler: 'typescript/basic.handler',
    expect: { result: 'unused' },
    typescript: {
      file: '<root>/no-package-json/typescript/basic.ts',
      result: 'no-package-json/typescript/basic.ts#handler',
    },
  },
  {
    id: '.mts handler',
    root: NPJ,
    handler: 'typescript/basic-mts.handler',
    expect: { result: 'unused' },
    typescript: {
      file: '<root>/no-package-json/typescript/basic-mts.mts',
      result: 'no-package-json/typescript/basic-mts.mts#handler',
    },
  },
  {
    id: '.cts handler',
    root: NPJ,
    handler: 'typescript/basic-cts.handler',
    expect: { result: 'unused' },
    typescript: {
      file: '<root>/no-package-json/typescript/basic-cts.cts',
      result: 'no-package-json/typescript/basic-cts.cts#handler',
    },
  },
  {
    id: '.js wins over .ts',
    root: NPJ,
    handler: 'typescript/js-wins.handler',
    expect: { result: 'no-package-json/typescript/js-wins.js#handler' },
  },
  // --- "type": "module" -------------------------------------------------------------------------------
  {
    id: 'esm .js in a type:module package',
    root: 'type-module',
    handler: 'index.handler',
    expect: {
      result: { from: 'type-module/index.js#handler', event },
      modulePath: '<root>/type-module/index.js',
    },
  },
  {
    id: 'type:module .js default fallback',
    root: 'type-module',
    handler: 'index.fromDefault',
    expect: { result: 'type-module/index.js#default.fromDefault' },
    pins: 'v4 addition: default fallback',
  },
  {
    id: 'type:module inherited by nested folders',
    root: 'type-module',
    handler: 'nested/deeper/index.handler',
    expect: { result: 'type-module/nested/deeper/index.js#handler' },
  },
  {
    id: '.cjs in a type:module package',
    root: 'type-module',
    handler: 'legacy.handler',
    expect: { result: 'type-module/legacy.cjs#handler' },
  },
  {
    id: 'extensionless CommonJS in a type:module package',
    root: 'type-module',
    handler: 'extensionless-cjs.handler',
    expect: { result: 'type-module/extensionless-cjs#handler' },
  },
  {
    id: 'CommonJS in a .js of a type:module package',
    root: 'type-module',
    handler: 'cjs-in-esm-scope.handler',
    expect: { error: 'ReferenceError', message: /^module is not defined in ES module scope/, wrapped: false },
    bun: { result: 'type-module/cjs-in-esm-scope.js#handler' },
  },
  {
    id: '.ts in a type:module package (import)',
    root: 'type-module',
    handler: 'typescript/index.handler',
    expect: { result: 'unused' },
    typescript: {
      file: '<root>/type-module/typescript/index.ts',
      result: 'type-module/typescript/index.ts#handler',
    },
  },
  // --- "type": "commonjs" -----------------------------------------------------------------------------
  {
    id: 'cjs .js in a type:commonjs package',
    root: 'type-commonjs',
    handler: 'index.handler',
    expect: { result: 'type-commonjs/index.js#handler' },
  },
  {
    id: 'esm syntax in a .js of a type:commonjs package',
    root: 'type-commonjs',
    handler: 'syntax-error-esm-in-commonjs.handler',
    expect: {
      error: 'Runtime.UserCodeSyntaxError',
      message: 'SyntaxError: Cannot use import statement outside a module',
    },
    bun: { result: 'object' },
  },
];
