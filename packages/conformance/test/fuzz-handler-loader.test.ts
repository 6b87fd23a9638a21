import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { HandlerLoadError, loadHandler } from '@lambda-engines/handler-loader';
import fc from 'fast-check';

// A task root with modules in it and beside it, a node_modules above it, and sentinels outside it that
// count every load: the property is that a relative `_HANDLER` never loads one.
const base = mkdtempSync(join(tmpdir(), 'fuzz-loader-'));
const taskRoot = join(base, 'task');
const COUNTER = '__lambdaEnginesOutsideLoads';
const globals = globalThis as unknown as Record<string, number>;
globals[COUNTER] = 0;
const sentinel = `globalThis.${COUNTER} = (globalThis.${COUNTER} || 0) + 1; exports.handler = () => 'outside';\n`;
for (const dir of ['task/lib', 'task/node_modules/pkg', 'outside', 'task-sibling', 'node_modules/above']) {
  mkdirSync(join(base, dir), { recursive: true });
}
writeFileSync(
  join(taskRoot, 'index.js'),
  "exports.handler = () => 'inside'; exports.nested = { deep: { fn() {} } };\n",
);
writeFileSync(join(taskRoot, 'lib', 'mod.js'), "exports.handler = () => 'lib';\n");
writeFileSync(join(taskRoot, 'node_modules', 'pkg', 'index.js'), "exports.handler = () => 'pkg';\n");
writeFileSync(join(base, 'node_modules', 'above', 'index.js'), "exports.handler = () => 'above';\n");
for (const file of ['evil.js', 'outside/evil.js', 'task-sibling/evil.js', 'outside/index.js']) {
  writeFileSync(join(base, file), sentinel);
}
writeFileSync(
  join(base, 'outside', 'evil.mjs'),
  `globalThis.${COUNTER} = (globalThis.${COUNTER} || 0) + 1; export const handler = () => 1;\n`,
);
after(() => rmSync(base, { recursive: true, force: true }));

const pieces = fc.constantFrom(
  '..',
  '.',
  '/',
  '//',
  './',
  '../',
  'evil',
  'outside',
  'task-sibling',
  'index',
  'handler',
  'lib',
  'mod',
  'pkg',
  'above',
  'node_modules',
  'nested',
  'deep',
  'fn',
  '\0',
  '\u202e',
  'é',
  '𝕏',
  '%2e%2e',
  '~',
  ' ',
  '\\',
  '\n',
  '\t',
  'file:',
  '..\\',
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'default',
);
const handlerStrings = fc.oneof(
  { weight: 6, arbitrary: fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map((s) => `index.${s}`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 600 }).map((n) => `${'a/'.repeat(n)}index.handler`) },
);

/** The named errors the loader may throw; anything else escaping for these fixtures is a bug. */
function isNamed(error: unknown): boolean {
  return error instanceof HandlerLoadError;
}

test('fuzz _HANDLER: a relative handler string never loads outside the task root or node_modules resolution, and fails only with named errors', async () => {
  const unnamed: string[] = [];
  await fc.assert(
    fc.asyncProperty(handlerStrings, async (handler) => {
      fc.pre(!handler.startsWith('/'));
      const before = globals[COUNTER];
      try {
        const loaded = await loadHandler({ taskRoot, handler });
        assert.equal(typeof loaded.handler === 'function' || typeof loaded.handler === 'object', true);
        const inside =
          loaded.modulePath.startsWith(`${taskRoot}/`) ||
          loaded.modulePath.includes('/node_modules/') ||
          !loaded.modulePath.includes('/');
        assert.ok(inside, `${JSON.stringify(handler)} loaded ${loaded.modulePath}`);
      } catch (error) {
        if (!isNamed(error))
          unnamed.push(`${JSON.stringify(handler)}: ${(error as Error)?.name} ${(error as Error)?.message}`);
      }
      assert.equal(
        globals[COUNTER],
        before,
        `${JSON.stringify(handler)} loaded a file outside the task root`,
      );
    }),
    { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 20261127) },
  );
  assert.deepEqual(unnamed, [], 'errors that are not the loader’s named errors');
});

test('an absolute module root is honoured, as AWS documents ("Use absolute paths when specifying root directories")', async () => {
  const loaded = await loadHandler({ taskRoot, handler: `${base}/outside/evil.handler` });
  assert.equal(loaded.modulePath, join(base, 'outside', 'evil.js'));
  await assert.rejects(loadHandler({ taskRoot, handler: '../outside/evil.handler' }), {
    name: 'Runtime.MalformedHandlerName',
  });
});
