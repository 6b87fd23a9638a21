import { chmod, copyFile, writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// dist/bootstrap is a small CommonJS entry (src/bootstrap.cjs) that compiles dist/runtime.cjs with V8's
// code cache and starts it: the whole runtime in one self-contained, minified CommonJS file. CommonJS because
// Node loads a CommonJS entry synchronously, without the ES module loader's asynchronous reads and linking:
// about 3 ms less from spawn to the first response on Node 24 than the same code as an ES module plus a
// shared chunk (measured against the floor, packages/bench/README.md). Code only some functions need (the
// stream writer with node:http, the fetch adapter) is in the file but runs only on first use (esbuild
// turns those dynamic imports into lazy initialisers). dist/prime-compile-cache.cjs fills
// dist/compile-cache (the Dockerfiles run it).
export default defineConfig({
  entry: { runtime: 'src/runtime.ts', 'prime-compile-cache': 'src/prime-compile-cache.ts' },
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  noExternal: [/.*/],
  minify: true,
  sourcemap: false,
  clean: true,
  splitting: false,
  // The handler loader resolves CommonJS handlers with createRequire(import.meta.url).
  shims: true,
  async onSuccess() {
    await copyFile('src/bootstrap.cjs', 'dist/bootstrap');
    await writeFile('dist/package.json', '{ "type": "commonjs" }\n');
    await chmod('dist/bootstrap', 0o755);
  },
});
