import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CurrentInvocation } from '../src/current-invocation.ts';
import { callInInvocation, getCurrentInvocation } from '../src/current-invocation.ts';

const invocation = (id: string) => ({ context: { awsRequestId: id } }) as unknown as CurrentInvocation;
const idNow = () => getCurrentInvocation()?.context.awsRequestId;
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Runs `fn` (no arguments) as the invocation `current`. */
const runIn = <T>(current: CurrentInvocation, fn: () => T): T =>
  callInInvocation(current, fn, undefined, undefined, undefined) as T;

function handler(this: unknown, a: unknown, b: unknown, c: unknown) {
  return { self: this, args: [a, b, c] };
}

test('callInInvocation (before any getCurrentInvocation): the handler gets its three arguments', () => {
  // No idNow() here: the next test needs the storage not made yet.
  assert.deepEqual(callInInvocation(invocation('X'), handler, 1, 2, 3), { self: undefined, args: [1, 2, 3] });
});

test('getCurrentInvocation: the storage is made on first use; each invocation is found across awaits', async () => {
  // First use inside invocation A: no storage yet, so the latest invocation started answers, before and
  // after an await.
  const a = await runIn(invocation('A'), async () => {
    const before = idNow();
    await tick(5);
    return [before, idNow()];
  });
  assert.deepEqual(a, ['A', 'A']);

  // From now on invocations run inside the AsyncLocalStorage: a chain started in B still finds B after
  // C has started.
  let fromB: Promise<string | undefined> | undefined;
  runIn(invocation('B'), () => {
    fromB = tick(20).then(idNow);
  });
  const c = await runIn(invocation('C'), async () => {
    await tick(5);
    return idNow();
  });
  assert.equal(c, 'C');
  assert.equal(await fromB, 'B');
  // Outside any invocation: the latest one started.
  assert.equal(idNow(), 'C');
});

test('callInInvocation (with the storage): the same call, and the chain it starts finds its invocation', async () => {
  assert.deepEqual(callInInvocation(invocation('Y'), handler, 'e', 'ctx', 'cb'), {
    self: undefined,
    args: ['e', 'ctx', 'cb'],
  });
  const later = callInInvocation(
    invocation('Z'),
    async () => {
      await tick(10);
      return idNow();
    },
    undefined,
    undefined,
    undefined,
  );
  runIn(invocation('W'), () => {});
  assert.equal(await later, 'Z');
});
