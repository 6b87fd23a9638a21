import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// dist/prime-compile-cache.cjs with the Node running this test, on a copy of dist/ (the cache is keyed by
// path). Node >= 22.1 must write a cache for runtime.cjs that the next start accepts; older Node skips.
// The image smoke test (docker/test-images.sh, mode compile-cache) checks the cache inside each image.
const dist = fileURLToPath(new URL('../dist', import.meta.url));
const copy = mkdtempSync(join(tmpdir(), 'compile-cache-test-'));
after(() => rmSync(copy, { recursive: true, force: true }));
cpSync(dist, copy, { recursive: true, filter: (source) => !source.startsWith(join(dist, 'compile-cache')) });
const hasCompileCache = 'enableCompileCache' in (process.getBuiltinModule('node:module') as object);

test(`prime-compile-cache on Node ${process.version}`, () => {
  const out = execFileSync(process.execPath, [join(copy, 'prime-compile-cache.cjs')], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (!hasCompileCache) {
    assert.match(out, /^compile cache: skipped \(Node v\d+\.\d+\.\d+ has none; it needs >= 22\.1\)\n$/);
    return;
  }
  assert.match(out, /^compile cache: \d+ files, \d+ bytes in /);
  const [versionDir] = readdirSync(join(copy, 'compile-cache'));
  assert.ok(versionDir?.startsWith(process.version), `a cache for ${process.version}: ${versionDir}`);
  // The next start of the runtime takes runtime.cjs from the cache (nothing listens on port 9: it retries
  // for a second, then exits).
  const run = spawnSync(process.execPath, [join(copy, 'bootstrap')], {
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      ...process.env,
      NODE_DEBUG_NATIVE: 'COMPILE_CACHE',
      AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9',
      _HANDLER: 'index.handler',
      LAMBDA_TASK_ROOT: fileURLToPath(new URL('../sample', import.meta.url)),
    },
  });
  assert.match(run.stderr, new RegExp(`V8 code cache for CommonJS ${copy}/runtime\\.cjs was accepted`));
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
    if (!hasCompileCache) {
      assert.equal(run.status, 0, 'Node without a compile cache skips before starting anything');
      return;
    }
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /^prime-compile-cache: The runtime exited with 3 before answering the invocation\.\n$/,
    );
  } finally {
    rmSync(broken, { recursive: true, force: true });
  }
});
