import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hostLauncher, runBootstrap } from '@lambda-engines/conformance';
import { handlerImporter } from '../src/import-module.ts';

// The Node app's importer of ES module handlers: require() on Node 20 (measured 3.7 ms less than the first
// import()), import() everywhere else and for what require() cannot take. The modules are loaded by the
// real bootstrap in a child process: this test process runs under tsx, whose hooks change require().
// The conformance suite runs every other ES module handler case through the same bootstrap.
const bootstrap = fileURLToPath(new URL('../dist/bootstrap', import.meta.url));
const taskRoot = mkdtempSync(join(tmpdir(), 'import-module-test-'));
after(() => rmSync(taskRoot, { recursive: true, force: true }));
const onNode20 =
  process.versions.node.startsWith('20.') &&
  (process.features as { require_module?: boolean }).require_module === true;

// Each handler reports how often its module was evaluated and whether the asynchronous ES module loader
// (which brings fs/promises) was loaded to get it there.
const report =
  'export const handler = async () => ({ evaluations: globalThis.evaluations, asyncLoader: ' +
  "process.moduleLoadList.includes('NativeModule internal/fs/promises') });";
/** A handler module that counts its evaluations in a global before `body`. */
const counted = (body: string): string =>
  `globalThis.evaluations = (globalThis.evaluations ?? 0) + 1;\n${body}\n`;
writeFileSync(join(taskRoot, 'plain.mjs'), counted(report));
writeFileSync(join(taskRoot, 'tla.mjs'), counted(`await null;\n${report}`));
writeFileSync(
  join(taskRoot, 'named.mjs'),
  counted(`${report}\nconst other = 1;\nexport { other as "module.exports" };`),
);

async function invoke(handler: string): Promise<{ evaluations: number; asyncLoader: boolean }> {
  const result = await runBootstrap({
    launcher: hostLauncher(bootstrap),
    taskRoot,
    handler,
    events: [{ event: {} }],
  });
  const body = result.invocations[0]?.outcome?.request.body.toString();
  assert.ok(body, `no response for ${handler}: ${result.stderr}`);
  return JSON.parse(body);
}

test(`an ES module handler is loaded ${onNode20 ? 'with require(), without the asynchronous loader' : 'with import()'}`, async () => {
  const got = await invoke('plain.handler');
  assert.equal(got.evaluations, 1);
  if (onNode20) assert.equal(got.asyncLoader, false);
});

test('a module with top-level await goes to import() and is evaluated once', async () => {
  assert.equal((await invoke('tla.handler')).evaluations, 1);
});

test('a module that exports "module.exports" gives its namespace, evaluated once', async () => {
  assert.equal((await invoke('named.handler')).evaluations, 1);
});

test('a preload flag keeps import(): it may have registered module hooks', () => {
  const nodeImport = (url: string) => import(url);
  const requireHere = createRequire(import.meta.url);
  const on20 = { version: '20.20.2', requiresModules: true };
  for (const flags of [
    '--import ./otel.mjs',
    ' --experimental-loader=./hooks.mjs',
    '--max-old-space-size=512 -r ./x.cjs',
  ]) {
    assert.equal(handlerImporter(nodeImport, requireHere, { ...on20, flags }), nodeImport, flags);
  }
  assert.notEqual(
    handlerImporter(nodeImport, requireHere, { ...on20, flags: '--max-old-space-size=512' }),
    nodeImport,
  );
  assert.equal(
    handlerImporter(nodeImport, requireHere, { ...on20, requiresModules: false, flags: '' }),
    nodeImport,
  );
  assert.equal(
    handlerImporter(nodeImport, requireHere, { version: '24.21.0', requiresModules: true, flags: '' }),
    nodeImport,
  );
});
