import assert from 'node:assert/strict';
import { test } from 'node:test';
import { onShutdown, ShutdownTimeoutError } from '../src/index.ts';
import { shutdown } from '../src/shutdown.ts';

test('shutdown runs every hook, reports a failing one, then exits 0', async () => {
  const ran: string[] = [];
  const reports: unknown[] = [];
  const offs = [
    onShutdown(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      ran.push('async');
    }),
    onShutdown(() => {
      throw new Error('hook failed');
    }),
    onShutdown(() => ran.push('sync')),
  ];
  const removed = onShutdown(() => ran.push('removed'));
  removed();
  let code: number | undefined;
  await shutdown(500, { report: (e) => reports.push(e), exit: (c) => (code = c) });
  for (const off of offs) off();
  assert.deepEqual(ran.sort(), ['async', 'sync']);
  assert.equal(code, 0);
  assert.equal(reports.length, 1);
  assert.match(String(reports[0]), /hook failed/);
});

test('shutdown is bounded: a hook that never settles gives ShutdownTimeoutError, exit 0', async () => {
  const off = onShutdown(() => new Promise(() => {}));
  const reports: unknown[] = [];
  let code: number | undefined;
  const started = performance.now();
  await shutdown(50, { report: (e) => reports.push(e), exit: (c) => (code = c) });
  off();
  assert.ok(performance.now() - started < 400);
  assert.equal(code, 0);
  assert.ok(reports[0] instanceof ShutdownTimeoutError);
  assert.equal((reports[0] as ShutdownTimeoutError).code, 'ERR_SHUTDOWN_TIMEOUT');
});

test('onShutdown refuses a non-function', () => {
  assert.throws(() => onShutdown(42 as unknown as () => void), TypeError);
});
