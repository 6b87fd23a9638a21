import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hostLauncher, runBootstrap } from '@lambda-engines/conformance';

// dist/prime-compile-cache.cjs with the Node running this test, on a copy of dist/. It must write the
// runtime's code cache for this Node, which the next start accepts; a cache that does not match
// runtime.cjs, or that V8 rejects, must cost nothing but the cache. The image smoke test
// (docker/test-images.sh, mode compile-cache) checks the cache inside each image.
const dist = fileURLToPath(new URL('../dist', import.meta.url));
const sample = fileURLToPath(new URL('../sample', import.meta.url));
const copy = mkdtempSync(join(tmpdir(), 'compile-cache-test-'));
after(() => rmSync(copy, { recursive: true, force: true }));
cpSync(dist, copy, { recursive: true, filter: (source) => !source.startsWith(join(dist, 'compile-cache')) });
/** The cache file for this Node in a dist folder (the name bootstrap.cjs reads). */
const cacheFileIn = (dir: string): string =>
  join(dir, 'compile-cache', `runtime-${process.version}-${process.arch}.bin`);
const cacheFile = cacheFileIn(copy);

/** Runs the bootstrap in `dir` for one invocation of the sample with the cache log on. */
async function invokeOnce(dir: string): Promise<{ log: string; body: string }> {
  const result = await runBootstrap({
    launcher: hostLauncher(join(dir, 'bootstrap')),
    taskRoot: sample,
    handler: 'index.handler',
    env: { LAMBDA_ENGINES_COMPILE_CACHE: 'log' },
    events: [{ event: { name: 'cache' } }],
  });
  return { log: result.stderr, body: result.invocations[0]?.outcome?.request.body.toString() ?? '' };
}

/** Copies the primed dist, lets `change` edit the copy, runs it once and removes it. */
async function invokeChangedCopy(change: (dir: string) => void): Promise<{ log: string; body: string }> {
  const other = mkdtempSync(join(tmpdir(), 'compile-cache-changed-'));
  try {
    cpSync(copy, other, { recursive: true });
    change(other);
    return await invokeOnce(other);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
}

test(`prime-compile-cache writes a cache that Node ${process.version} accepts`, async () => {
  const out = execFileSync(process.execPath, [join(copy, 'prime-compile-cache.cjs')], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(
    out,
    `compile cache: ${readFileSync(cacheFile).length} bytes in ${cacheFile} (Node ${process.version})\n`,
  );
  const { log, body } = await invokeOnce(copy);
  assert.match(log, new RegExp(`compile cache for ${copy}/runtime\\.cjs: accepted\\n`));
  assert.match(body, /"message":"Hello, cache!"/);
});

test('V8 runs a cache made from another source of the same length: why the file carries its source', () => {
  const { Script } = process.getBuiltinModule('node:vm');
  const made = new Script('(() => "start")', { filename: 'same-length.js' });
  (made.runInThisContext() as () => string)(); // compiled, so the cache holds its bytecode
  const stale = new Script('(() => "begin")', {
    filename: 'same-length.js',
    cachedData: made.createCachedData(),
  });
  assert.equal(stale.cachedDataRejected, false);
  assert.equal((stale.runInThisContext() as () => string)(), 'start');
});

test('a cache made from another runtime.cjs of the same length is not used', async () => {
  const { log, body } = await invokeChangedCopy((dir) => {
    // V8 checks only the length: five bytes of a message differ, as after a rebuild.
    const runtime = readFileSync(join(dir, 'runtime.cjs'), 'utf8');
    const changed = runtime.replace('the runtime failed to start', 'the runtime failed to begin');
    assert.notEqual(changed, runtime);
    assert.equal(changed.length, runtime.length);
    writeFileSync(join(dir, 'runtime.cjs'), changed);
  });
  assert.match(log, /compile cache for .*runtime\.cjs: none\n/);
  assert.match(body, /"message":"Hello, cache!"/);
});

test('a cache that V8 rejects is reported as rejected and the runtime still answers', async () => {
  const { log, body } = await invokeChangedCopy((dir) => {
    const cache = readFileSync(cacheFileIn(dir));
    const v8Data = 4 + cache.readUInt32LE(0);
    cache.fill(0, v8Data, v8Data + 16); // V8's magic number and version hash
    writeFileSync(cacheFileIn(dir), cache);
  });
  assert.match(log, /compile cache for .*runtime\.cjs: rejected\n/);
  assert.match(body, /"message":"Hello, cache!"/);
});

test('a failed priming says why and exits 1', () => {
  const broken = mkdtempSync(join(tmpdir(), 'compile-cache-broken-'));
  try {
    cpSync(join(copy, 'prime-compile-cache.cjs'), join(broken, 'prime-compile-cache.cjs'));
    // A bootstrap that exits at once, as a runtime that cannot start does.
    writeFileSync(join(broken, 'bootstrap'), 'process.exit(3);\n');
    const run = spawnSync(process.execPath, [join(broken, 'prime-compile-cache.cjs')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /^prime-compile-cache: The runtime exited with 3 before answering the invocation\.\n$/,
    );
  } finally {
    rmSync(broken, { recursive: true, force: true });
  }
});
