import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hostLauncher, type RunResult, runBootstrap } from '@lambda-engines/conformance';

// The runtime sets _X_AMZN_TRACE_ID through native/trace-id-env.c's putenv() addon after 100
// invocations (the conformance suite checks the values on every engine and image). Here: that this Node
// really loads it, and that a dist without it, or with a file that does not load, keeps working.
const dist = fileURLToPath(new URL('../dist', import.meta.url));
const addonName = `trace-id-env-${process.platform}-${process.arch}.node`;
const work = mkdtempSync(join(tmpdir(), 'trace-id-env-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

const taskRoot = join(work, 'task');
cpSync(fileURLToPath(new URL('../sample', import.meta.url)), taskRoot, { recursive: true });
writeFileSync(
  join(taskRoot, 'trace.js'),
  `const { readFileSync } = require('node:fs');
exports.handler = async () => ({
  traceEnv: process.env._X_AMZN_TRACE_ID ?? null,
  addonLoaded: readFileSync('/proc/self/maps', 'utf8').includes(${JSON.stringify(addonName)}),
});
`,
);

function distCopy(name: string, addon: 'none' | 'broken'): string {
  const copy = join(work, name);
  cpSync(dist, copy, {
    recursive: true,
    filter: (source) => !source.startsWith(join(dist, 'compile-cache')),
  });
  rmSync(join(copy, addonName), { force: true });
  if (addon === 'broken') writeFileSync(join(copy, addonName), 'not an ELF file\n');
  return copy;
}

async function run130(bootstrap: string): Promise<RunResult> {
  return runBootstrap({
    launcher: hostLauncher(bootstrap),
    taskRoot,
    handler: 'trace.handler',
    events: Array.from({ length: 130 }, () => ({ event: {} })),
  });
}

function check(result: RunResult, loadedAt100: boolean): void {
  result.invocations.forEach((invocation, index) => {
    const got = JSON.parse(invocation.outcome?.request.body.toString() ?? 'null') as {
      traceEnv: string;
      addonLoaded: boolean;
    };
    assert.equal(got.traceEnv, invocation.traceId, `invocation ${index + 1}`);
    // Loaded by the 100th write, before the 100th handler runs.
    assert.equal(got.addonLoaded, index >= 99 && loadedAt100, `addon loaded at invocation ${index + 1}`);
  });
}

test('the built dist has the addon for this machine whenever a C compiler is here', () => {
  const cc = spawnSync(process.env.CC || 'cc', ['--version'], { stdio: 'ignore' });
  if (cc.error) {
    assert.equal(existsSync(join(dist, addonName)), false);
  } else {
    assert.ok(existsSync(join(dist, addonName)), `${addonName} missing from dist/: run pnpm build`);
  }
});

test('the runtime loads the addon after 100 invocations and the values stay right', async (t) => {
  if (!existsSync(join(dist, addonName))) {
    t.diagnostic(`no ${addonName} (no C compiler at build): the fallback tests below cover this machine`);
  }
  const result = await run130(join(dist, 'bootstrap'));
  check(result, existsSync(join(dist, addonName)));
  assert.equal(result.stderr, '');
});

test('without the addon the runtime keeps assigning process.env, silently', async () => {
  const result = await run130(join(distCopy('no-addon', 'none'), 'bootstrap'));
  check(result, false);
  assert.equal(result.stderr, '');
});

test('an addon that does not load is reported once, and every invocation still gets its trace id', async () => {
  const result = await run130(join(distCopy('broken-addon', 'broken'), 'bootstrap'));
  check(result, false);
  assert.match(
    result.stderr,
    /^lambda-engines: _X_AMZN_TRACE_ID stays a process\.env assignment \(its memory grows per invocation\): Error: .*broken-addon\/trace-id-env-.+\n$/,
  );
});
