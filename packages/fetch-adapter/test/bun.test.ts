import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as source from '../src/index.ts';
import { runScenarios } from './scenarios.ts';

const dist = new URL('../dist/index.js', import.meta.url);
const child = fileURLToPath(new URL('./bun-child.ts', import.meta.url));

function runBun(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bun', [child], { timeout: 20_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`bun failed: ${error.message}\n${stderr}`, { cause: error }));
      else resolve(stdout);
    });
  });
}

describe('the same conversions under Node and Bun', () => {
  it('dist exists (run `pnpm build` first)', () => {
    assert.ok(existsSync(dist), 'dist/index.js is missing: run `pnpm build` before the tests');
  });

  it('Node (source) and Node (dist) agree', async () => {
    const fromSource = await runScenarios(source);
    const fromDist = await runScenarios((await import(dist.href)) as typeof source);
    assert.deepEqual(fromDist, fromSource);
  });

  it('Bun (dist, child process) gives byte-identical JSON to Node', async () => {
    const expected = JSON.stringify(await runScenarios(source));
    const actual = await runBun();
    if (actual !== expected) assert.deepEqual(JSON.parse(actual), JSON.parse(expected));
    assert.equal(actual, expected);
    assert.ok(JSON.parse(actual).length > 40, 'every scenario ran');
  });
});
