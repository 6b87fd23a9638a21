import { chmod, rename, writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// One self-contained file, dist/bootstrap: `#!/usr/bin/env node`, CommonJS (dist/package.json says so).
// CommonJS because Node loads a CommonJS entry synchronously, without the ES module loader's
// asynchronous reads and linking: about 3 ms less from spawn to the first response on Node 24 than the
// same code as an ES module plus a shared chunk (measured against the floor, packages/bench/README.md).
// Code only some functions need (the stream writer with node:http, the fetch adapter) is in the file
// but runs only on first use (esbuild turns those dynamic imports into lazy initialisers).
export default defineConfig({
  entry: { bootstrap: 'src/bootstrap.ts' },
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  noExternal: [/.*/],
  banner: { js: '#!/usr/bin/env node' },
  minify: true,
  sourcemap: false,
  clean: true,
  splitting: false,
  // The handler loader resolves CommonJS handlers with createRequire(import.meta.url).
  shims: true,
  async onSuccess() {
    await rename('dist/bootstrap.cjs', 'dist/bootstrap');
    await writeFile('dist/package.json', '{ "type": "commonjs" }\n');
    await chmod('dist/bootstrap', 0o755);
  },
});
