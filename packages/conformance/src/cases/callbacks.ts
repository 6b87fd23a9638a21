import assert from 'node:assert/strict';
import type { ConformanceCase } from '../case-types.ts';
import { invocationError, responseJson, stdoutLines } from '../expect.ts';

const notPython = {
  notApplicable: 'callbacks and context.succeed/fail/done are Node.js programming-model features',
};

export const callbackCases: ConformanceCase[] = [
  {
    name: 'callback(null, result)',
    js: { fixture: 'js/handlers', handler: 'callbacks.callbackResult' },
    python: notPython,
    events: [{ event: { n: 1 } }, { event: { n: 2 } }],
    check: (r) => {
      assert.deepEqual(responseJson(r, 0), { via: 'callback', n: 1 });
      assert.deepEqual(responseJson(r, 1), { via: 'callback', n: 2 });
    },
  },
  {
    name: 'callback(error)',
    js: { fixture: 'js/handlers', handler: 'callbacks.callbackError' },
    python: notPython,
    events: [{ event: {} }],
    check: (r, engine) =>
      invocationError(r, engine, { errorType: 'TypeError', errorMessage: 'callback failed' }),
  },
  {
    name: 'callback waits for the empty event loop by default',
    js: { fixture: 'js/handlers', handler: 'callbacks.waitsForEmptyLoop' },
    python: notPython,
    events: [{ event: {} }],
    check: (r) => {
      assert.deepEqual(responseJson(r), { waited: true });
      const invocation = r.invocations[0]!;
      const elapsed = invocation.outcome!.request.startedAt - invocation.sentAt;
      assert.ok(elapsed >= 250, `the response waited for the 300 ms timer (took ${elapsed.toFixed(0)} ms)`);
      assert.ok(
        stdoutLines(r).some((l) => l.includes('timer done after')),
        'the timer ran inside the invocation',
      );
    },
  },
  {
    name: 'callbackWaitsForEmptyEventLoop = false answers at once',
    js: { fixture: 'js/handlers', handler: 'callbacks.doesNotWait' },
    python: notPython,
    events: [{ event: {} }],
    check: (r) => {
      assert.deepEqual(responseJson(r), { waited: false });
      const invocation = r.invocations[0]!;
      const elapsed = invocation.outcome!.request.startedAt - invocation.sentAt;
      assert.ok(elapsed < 1000, `answered before the 1.5 s timer (took ${elapsed.toFixed(0)} ms)`);
    },
  },
  {
    name: 'only the first callback counts',
    js: { fixture: 'js/handlers', handler: 'callbacks.callbackTwice' },
    python: notPython,
    events: [{ event: {} }, { event: {} }],
    check: (r) => {
      assert.equal(responseJson(r, 0), 'first');
      assert.equal(responseJson(r, 1), 'first');
      const posts = r.requests.filter((q) => q.method === 'POST');
      assert.equal(posts.length, 2, 'one POST per invocation');
    },
  },
  {
    name: 'callback never called: null once the event loop is empty',
    js: { fixture: 'js/handlers', handler: 'callbacks.neverCalls' },
    python: notPython,
    events: [{ event: {} }],
    check: (r) => assert.equal(responseJson(r), null),
  },
  {
    name: 'legacy context.succeed',
    js: { fixture: 'js/handlers', handler: 'callbacks.legacySucceed' },
    python: notPython,
    events: [{ event: {} }],
    check: (r) => assert.deepEqual(responseJson(r), { legacy: 'succeed' }),
  },
  {
    name: 'legacy context.fail and context.done(error)',
    js: { fixture: 'js/handlers', handler: 'callbacks.legacyFail' },
    python: notPython,
    events: [{ event: {} }],
    check: (r, engine) => invocationError(r, engine, { errorType: 'Error', errorMessage: 'legacy fail' }),
  },
  {
    name: 'legacy context.done(error)',
    js: { fixture: 'js/handlers', handler: 'callbacks.legacyDoneError' },
    python: notPython,
    events: [{ event: {} }],
    check: (r, engine) =>
      invocationError(r, engine, { errorType: 'RangeError', errorMessage: 'done with error' }),
  },
];
