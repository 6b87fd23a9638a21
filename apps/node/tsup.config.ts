import { chmod, rename, writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// One self-contained file, dist/bootstrap: `#!/usr/bin/env node`, ESM (dist/package.json says so).
export default defineConfig({
  entry: { bootstrap: 'src/bootstrap.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  noExternal: [/.*/],
  banner: { js: '#!/usr/bin/env node' },
  minify: true,
  sourcemap: false,
  clean: true,
  // Code that only some functions need (the stream writer and node:http) goes to chunks loaded on first use.
  splitting: true,
  async onSuccess() {
    await rename('dist/bootstrap.js', 'dist/bootstrap');
    await writeFile('dist/package.json', '{ "type": "module" }\n');
    await chmod('dist/bootstrap', 0o755);
  },
});
