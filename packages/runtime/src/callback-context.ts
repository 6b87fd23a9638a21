import { beforeExit } from './before-exit.ts';
import type { Callback } from './context-types.ts';
import type { ContextControls } from './invoke-context.ts';

/** How one invocation's outcome leaves: exactly one of these is called, once. */
export interface Outcome {
  succeed(result: unknown): void;
  fail(error: unknown): void;
}

export interface CallbackContext {
  readonly callback: Callback;
  readonly controls: ContextControls;
  /** True once any way of finishing (callback, done/succeed/fail, return value) has been taken. */
  isFinished(): boolean;
  /** Marks the invocation finished without reporting (the beforeExit fallback reports by itself). */
  markFinished(): void;
}

/**
 * The node-style callback and context.done/succeed/fail, with AWS's semantics: only the first call
 * counts; an error is reported at once; a result waits for an empty event loop unless
 * callbackWaitsForEmptyEventLoop was set to false.
 */
export function buildCallbackContext(outcome: Outcome): CallbackContext {
  let finished = false;
  let waitForEmptyEventLoop = true;

  const once =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      if (finished) return;
      finished = true;
      fn(...args);
    };

  const callback: Callback = once((error?: unknown, result?: unknown) => {
    beforeExit.reset();
    if (error !== undefined && error !== null) {
      outcome.fail(error);
    } else if (!waitForEmptyEventLoop) {
      outcome.succeed(result);
    } else {
      beforeExit.set(() => setImmediate(() => outcome.succeed(result)));
    }
  });

  const done = once((error?: unknown, result?: unknown) => {
    beforeExit.reset();
    if (error !== undefined && error !== null) outcome.fail(error);
    else outcome.succeed(result);
  });

  const controls: ContextControls = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value: boolean) {
      waitForEmptyEventLoop = value;
    },
    done,
    succeed: (result?: unknown) => done(null, result),
    fail: (error?: unknown) => done(error === undefined || error === null ? 'handled' : error, null),
  };

  return {
    callback,
    controls,
    isFinished: () => finished,
    markFinished: () => {
      finished = true;
    },
  };
}
