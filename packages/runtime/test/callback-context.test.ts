import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCallbackContext } from '../src/callback-context.ts';

function recorder() {
  const calls: Array<[string, unknown]> = [];
  return {
    calls,
    outcome: {
      succeed: (result: unknown) => calls.push(['succeed', result]),
      fail: (error: unknown) => calls.push(['fail', error]),
    },
  };
}

test('callback(error) fails at once; only the first call counts', () => {
  const { calls, outcome } = recorder();
  const ctx = buildCallbackContext(outcome);
  const error = new Error('x');
  ctx.callback(error);
  ctx.callback(null, 'ignored');
  ctx.controls.succeed('ignored too');
  assert.deepEqual(calls, [['fail', error]]);
  assert.equal(ctx.isFinished(), true);
});

test('callback(null, result) with callbackWaitsForEmptyEventLoop=false succeeds at once', () => {
  const { calls, outcome } = recorder();
  const ctx = buildCallbackContext(outcome);
  assert.equal(ctx.controls.callbackWaitsForEmptyEventLoop, true);
  ctx.controls.callbackWaitsForEmptyEventLoop = false;
  ctx.callback(null, 42);
  assert.deepEqual(calls, [['succeed', 42]]);
});

test('callback(null, result) waits for the empty event loop by default', () => {
  const { calls, outcome } = recorder();
  const ctx = buildCallbackContext(outcome);
  ctx.callback(null, 'later');
  assert.deepEqual(calls, [], 'nothing posted until beforeExit');
});

test('context.fail() without an error reports "handled", as the managed runtime', () => {
  const { calls, outcome } = recorder();
  buildCallbackContext(outcome).controls.fail();
  assert.deepEqual(calls, [['fail', 'handled']]);
});

test('context.done(null, result) and context.succeed(result) succeed at once', () => {
  for (const finish of ['done', 'succeed'] as const) {
    const { calls, outcome } = recorder();
    const ctx = buildCallbackContext(outcome);
    if (finish === 'done') ctx.controls.done(null, 'r');
    else ctx.controls.succeed('r');
    assert.deepEqual(calls, [['succeed', 'r']]);
  }
});
