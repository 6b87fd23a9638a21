import assert from 'node:assert/strict';
import type { ConformanceCase } from '../case-types.ts';
import { invocationError } from '../expect.ts';

const notPython = {
  notApplicable:
    'no event loop outlives a Python handler (an exception in a thread goes to threading.excepthook and the process carries on); no promises',
};

export const uncaughtCases: ConformanceCase[] = [
  {
    name: "an uncaught exception during an invocation is that invocation's error, then the process exits",
    js: { fixture: 'js/handlers', handler: 'errors.uncaughtLater' },
    python: notPython,
    events: [{ event: {} }],
    waitForExit: true,
    check: (r, engine) => {
      invocationError(r, engine, { errorType: 'Error', errorMessage: 'thrown from a timer' });
      assert.equal(r.exitCode, 129);
    },
  },
  {
    name: 'an unhandled rejection is Runtime.UnhandledPromiseRejection, then the process exits',
    js: { fixture: 'js/handlers', handler: 'errors.unhandledRejection' },
    python: notPython,
    events: [{ event: {} }],
    waitForExit: true,
    check: (r, engine) => {
      invocationError(r, engine, {
        errorType: 'Runtime.UnhandledPromiseRejection',
        errorMessage: /nobody caught me/,
      });
      assert.equal(r.exitCode, 128);
    },
  },
];
