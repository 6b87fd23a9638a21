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
  readonly controls: Required<ContextControls>;
  /** True once any way of finishing (callback, done/succeed/fail, return value) has been taken. */
  isFinished(): boolean;
  /** Marks the invocation finished without reporting (the beforeExit fallback reports by itself). */
  markFinished(): void;
  /** Where callbackWaitsForEmptyEventLoop is read from: the context the handler got (default `controls`). */
  useContext(context: { readonly callbackWaitsForEmptyEventLoop: unknown }): void;
}

/**
 * The node-style callback and context.done/succeed/fail, with AWS's semantics: only the first call
 * counts; an error is reported at once; a result waits for an empty event loop unless
 * callbackWaitsForEmptyEventLoop was set to false.
 *
 * `callbackWaitsForEmptyEventLoop` is a plain data property that the callback reads when it is called
 * (AWS's is a getter/setter pair over a variable; the same to user code). An object literal with
 * accessors is built in V8's slow dictionary mode: about 1 us per invocation, and every later property
 * read on the context slower.
 */
class CallbackState implements CallbackContext {
  finished = false;
  readonly #outcome: Outcome;
  readonly callback: Callback;
  readonly controls: Required<ContextControls>;
  #settings: { readonly callbackWaitsForEmptyEventLoop: unknown };

  // Made here, not in the constructor: an async handler never calls its callback, and on Node 24 an arrow
  // function made in this constructor and never called kept each invocation's garbage alive through V8's
  // young-generation collections (~1 KB per invocation promoted until the next full collection, and the
  // young generation doubled: +7 MB of RSS from 10k to 100k invocations). packages/bench/README.md has
  // the measurement and a standalone reproduction; V8's reason is not known.
  static #callbackOf(state: CallbackState): Callback {
    return (error, result) => state.#callback(error, result);
  }

  constructor(outcome: Outcome) {
    this.#outcome = outcome;
    this.callback = CallbackState.#callbackOf(this);
    const done = (error?: unknown, result?: unknown): void => this.#done(error, result);
    this.controls = {
      callbackWaitsForEmptyEventLoop: true,
      done,
      succeed: (result?: unknown) => done(null, result),
      fail: (error?: unknown) => done(error === undefined || error === null ? 'handled' : error, null),
    };
    this.#settings = this.controls;
  }

  useContext(context: { readonly callbackWaitsForEmptyEventLoop: unknown }): void {
    this.#settings = context;
  }

  isFinished(): boolean {
    return this.finished;
  }

  markFinished(): void {
    this.finished = true;
  }

  #callback(error: unknown, result: unknown): void {
    if (this.finished) return;
    this.finished = true;
    beforeExit.reset();
    const outcome = this.#outcome;
    if (error !== undefined && error !== null) {
      outcome.fail(error);
    } else if (!this.#settings.callbackWaitsForEmptyEventLoop) {
      outcome.succeed(result);
    } else {
      beforeExit.set(() => setImmediate(() => outcome.succeed(result)));
    }
  }

  #done(error: unknown, result: unknown): void {
    if (this.finished) return;
    this.finished = true;
    beforeExit.reset();
    if (error !== undefined && error !== null) this.#outcome.fail(error);
    else this.#outcome.succeed(result);
  }
}

export function buildCallbackContext(outcome: Outcome): CallbackContext {
  return new CallbackState(outcome);
}
