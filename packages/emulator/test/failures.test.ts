import assert from 'node:assert/strict';
import { test } from 'node:test';
import { event, json, start, until } from './helpers.ts';

test('init error: the pending invoke gets it, /next is then 403, the next invoke re-inits', async (t) => {
  const { emulator, stderr, platform } = await start(t, { handler: 'init-error' });
  const expected = { errorType: 'Runtime.ImportModuleError', errorMessage: 'Cannot find module here' };
  const [first, second] = await Promise.all([emulator.invoke('{}'), emulator.invoke('{}')]);
  for (const result of [first, second]) {
    assert.equal(result.statusCode, 200);
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(json(result.body), expected);
  }
  assert.notEqual(first.headers['x-amzn-requestid'], second.headers['x-amzn-requestid']);
  await until(() => stderr.filter((l) => l.startsWith('init-error')).length === 2);
  assert.deepEqual(
    stderr.filter((l) => l.startsWith('init-error')),
    ['init-error 202 next 403', 'init-error 202 next 403'],
  );
  // Two invokes, two inits: the runtime was restarted for the second.
  assert.equal(platform.filter((l) => l.startsWith('INIT_REPORT')).length, 2);
  const third = await emulator.invoke('{}');
  assert.deepEqual(json(third.body), expected);
});

test('a runtime that dies during init: Runtime.ExitError, and the next invoke tries again', async (t) => {
  const { emulator } = await start(t, { handler: 'init-crash' });
  const result = await emulator.invoke('{}');
  assert.equal(result.functionError, 'Unhandled');
  const id = result.headers['x-amzn-requestid'];
  assert.deepEqual(json(result.body), {
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${id} Error: Runtime exited with error: exit status 2`,
  });
  const again = await emulator.invoke('{}');
  assert.equal(json(again.body).errorType, 'Runtime.ExitError');
});

test('timeout: Sandbox.Timedout after the function timeout, the runtime is killed, the next invoke works', async (t) => {
  const { emulator, platform } = await start(t, { timeoutSeconds: 0.5 });
  // Warm it up, then time one out.
  assert.equal((await emulator.invoke(event({ n: 1 }))).statusCode, 200);
  const started = Date.now();
  const result = await emulator.invoke(event({ action: 'sleep', ms: 10_000 }));
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 450 && elapsed < 2000, `answered after ${elapsed} ms`);
  assert.equal(result.statusCode, 200);
  assert.equal(result.functionError, 'Unhandled');
  const id = result.headers['x-amzn-requestid'];
  assert.deepEqual(json(result.body), {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${id} Error: Task timed out after 0.50 seconds`,
  });
  assert.ok(platform.some((l) => l.endsWith(`${id} Task timed out after 0.50 seconds`)));
  const next = await emulator.invoke(event({ n: 2 }));
  assert.deepEqual(json(next.body), { n: 2 });
  // A fresh runtime: its first invoke reports an init duration again.
  assert.equal(platform.filter((l) => l.includes('Init Duration')).length, 2);
});

test('invokes queued behind a timed-out one are served by the restarted runtime', async (t) => {
  const { emulator } = await start(t, { timeoutSeconds: 0.3 });
  const [slow, a, b] = await Promise.all([
    emulator.invoke(event({ action: 'sleep', ms: 5000 })),
    emulator.invoke(event({ n: 'a' })),
    emulator.invoke(event({ n: 'b' })),
  ]);
  assert.equal(json(slow.body).errorType, 'Sandbox.Timedout');
  assert.deepEqual(json(a.body), { n: 'a' });
  assert.deepEqual(json(b.body), { n: 'b' });
});

test('the runtime exits during an invoke: Runtime.ExitError, then the next invoke works', async (t) => {
  const { emulator } = await start(t);
  const result = await emulator.invoke(event({ action: 'exit', code: 3 }));
  assert.equal(result.statusCode, 200);
  assert.equal(result.functionError, 'Unhandled');
  const id = result.headers['x-amzn-requestid'];
  assert.deepEqual(json(result.body), {
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${id} Error: Runtime exited with error: exit status 3`,
  });
  const zero = await emulator.invoke(event({ action: 'exit', code: 0 }));
  assert.match(json(zero.body).errorMessage, /Runtime exited without providing a reason$/);
  const next = await emulator.invoke(event({ ok: true }));
  assert.deepEqual(json(next.body), { ok: true });
});

test('a bootstrap that cannot be spawned is reported per invoke, not thrown', async (t) => {
  const { emulator } = await start(t, {
    launch: () => ({ command: '/nonexistent/bootstrap', args: [] }),
  });
  const result = await emulator.invoke('{}');
  assert.equal(result.functionError, 'Unhandled');
  assert.equal(json(result.body).errorType, 'Runtime.InvalidEntrypoint');
});

test('startEmulator refuses a missing bootstrap', async () => {
  const { startEmulator } = await import('../src/index.ts');
  await assert.rejects(startEmulator({ bootstrap: '/nope/bootstrap', handler: 'h', taskRoot: '.' }), {
    code: 'ERR_EMULATOR_BOOTSTRAP_NOT_FOUND',
  });
});
