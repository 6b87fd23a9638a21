// Bundles the runtime for Bun ahead of time, so nothing is transpiled at cold start:
// dist/bootstrap is one minified ESM file that `bun` runs directly (shebang).
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';

await rm('dist', { recursive: true, force: true });
await mkdir('dist', { recursive: true });
const result = await Bun.build({
  entrypoints: ['src/bootstrap.ts'],
  target: 'bun',
  format: 'esm',
  minify: true,
  outdir: 'dist',
  // Code that only some functions need (the stream writer and node:http) goes to chunks loaded on first use.
  splitting: true,
  naming: { entry: 'bootstrap.js', chunk: 'chunk-[hash].js' },
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
const code = await Bun.file('dist/bootstrap.js').text();
await writeFile('dist/bootstrap', `#!/usr/bin/env bun\n${code.replace(/^#!.*\n/, '')}`);
await rm('dist/bootstrap.js');
await writeFile('dist/package.json', '{ "type": "module" }\n');
await chmod('dist/bootstrap', 0o755);
console.log('built dist/bootstrap for bun', Bun.version);
