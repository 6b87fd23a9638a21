import type { Invocation, RuntimeApiTransport } from '@lambda-engines/runtime-api';
import { RuntimeApiStatusError, toRuntimeErrorBody } from '@lambda-engines/runtime-api';
import { beforeExit } from './before-exit.ts';
import { buildCallbackContext } from './callback-context.ts';
import type { LambdaContext } from './context-types.ts';
import { callInInvocation } from './current-invocation.ts';
import { NodeJsExitError } from './errors.ts';
import { eventText } from './event-text.ts';
import type { HandlerFunction, HandlerKind } from './handler-kind.ts';
import { attachInvocationData, type ContextControls, type FunctionEnvironment } from './invoke-context.ts';
import type { StructuredConsole } from './log-patch.ts';
import { setCurrentRequestId } from './log-patch.ts';
import { serialiseResult } from './result-body.ts';
import type { TraceIdEnv } from './trace-id-env.ts';

export interface RuntimeLoopOptions {
  readonly transport: RuntimeApiTransport;
  /** `host:port` of the Runtime API, for the streaming connection. */
  readonly address: string;
  readonly handler: HandlerFunction;
  readonly kind: HandlerKind;
  readonly functionEnvironment: FunctionEnvironment;
  readonly traceIdEnv: TraceIdEnv;
  readonly console: StructuredConsole;
  /** Called when the Runtime API can no longer be used: report and exit non-zero. */
  readonly fatal: (error: unknown) => void;
}

// The writer (and node:http with it) loads with the first streamed response: a buffered handler never
// pays for it at cold start.
let responseStreamModule: Promise<typeof import('@lambda-engines/streaming/response-stream')> | undefined;
function loadResponseStream() {
  responseStreamModule ??= import('@lambda-engines/streaming/response-stream');
  return responseStreamModule;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

const RESPONSE_TOO_LARGE = {
  errorType: 'Function.ResponseSizeTooLarge',
  errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
  trace: [],
};

/**
 * The invoke loop: next, run the handler, report, repeat. Mirrors AWS's Runtime.js: one iteration per
 * setImmediate, callback results wait for an empty event loop, async results are posted at once.
 */
export class RuntimeLoop {
  readonly #options: RuntimeLoopOptions;
  /** The request id of the invocation in flight, for reporting uncaught errors. */
  currentRequestId: string | undefined;

  constructor(options: RuntimeLoopOptions) {
    this.#options = options;
  }

  #stopped = false;

  start(): void {
    // The first /next goes out at once, not a turn later as AWS's client does: about 1 ms of cold start.
    // The handler module's own immediates and timers still run before the first event arrives.
    if (!this.#stopped) this.#iterate();
  }

  /** No further `/next`: the process is about to exit, and an invocation taken now would be lost. */
  stop(): void {
    this.#stopped = true;
  }

  #scheduleIteration = (): void => {
    if (!this.#stopped) setImmediate(this.#iterate);
  };

  // Plain functions and `then`, not `async` ones: an async function's promise and resumption cost a
  // no-op invocation a few percent on Node 24; the microtask hops are the same.
  #iterate = (): void => {
    this.#options.transport.next().then(this.#onInvocation, this.#options.fatal);
  };

  #onInvocation = (invocation: Invocation): void => {
    this.currentRequestId = invocation.requestId;
    setCurrentRequestId(invocation.requestId, invocation.tenantId);
    if (invocation.headerError) {
      // Unparsable client-context or Cognito JSON: AWS's client fails this invocation and goes on.
      this.#postError(invocation.requestId, invocation.headerError).then(undefined, this.#options.fatal);
    } else if (this.#options.kind.streaming) {
      this.#handleStreaming(invocation).then(undefined, this.#options.fatal);
    } else {
      try {
        this.#handleBuffered(invocation);
      } catch (error) {
        this.#options.fatal(error);
      }
    }
  };

  #handleBuffered(invocation: Invocation): void {
    const { handler, kind, functionEnvironment, traceIdEnv } = this.#options;
    const requestId = invocation.requestId;
    const callbackContext = buildCallbackContext({
      succeed: (result) => void this.#postResult(requestId, result),
      fail: (error) => void this.#postError(requestId, error),
    });
    // If the event loop runs empty with no outcome: an async handler's promise never settled (an
    // error); a sync or callback handler that never called back succeeds with null, as in AWS's client.
    beforeExit.set(() => {
      callbackContext.markFinished();
      if (kind.isAsync) {
        void this.#postError(requestId, new NodeJsExitError());
      } else {
        void this.#postResult(requestId, null);
      }
    });
    try {
      const context = attachInvocationData(
        callbackContext.controls,
        invocation,
        functionEnvironment,
        traceIdEnv,
      );
      callbackContext.useContext(context);
      const event = JSON.parse(eventText(invocation.event));
      const result = callInInvocation(
        { invocation, context },
        handler,
        event,
        context,
        callbackContext.callback,
      );
      if (isPromiseLike(result)) {
        result.then(callbackContext.controls.succeed, callbackContext.controls.fail);
      } else if (result !== undefined && !kind.usesCallback) {
        // nodejs24.x's client posts a plain return value; the older one ignored it. A strict improvement.
        callbackContext.controls.succeed(result);
      }
    } catch (error) {
      // AWS's client calls callback(error) here, so a thrown null/undefined became a silent success
      // (`null` posted). A throw is a failure: report it as `fail` does (`'handled'` for null/undefined).
      callbackContext.controls.fail(error);
    }
  }

  async #handleStreaming(invocation: Invocation): Promise<void> {
    const { handler, kind, functionEnvironment, traceIdEnv, address } = this.#options;
    const requestId = invocation.requestId;
    // Streaming handlers finish through the stream: done/succeed/fail are not theirs to call.
    const controls = { callbackWaitsForEmptyEventLoop: true } as ContextControls;
    const { createResponseStream } = await loadResponseStream();
    const response = createResponseStream({ address, requestId, highWaterMark: kind.highWaterMark });
    // The user may never await the stream's outcome; keep a failed POST from becoming unhandled.
    response.done.catch(() => {});
    beforeExit.set(this.#scheduleIteration);
    let context: LambdaContext | undefined;
    try {
      context = attachInvocationData(controls, invocation, functionEnvironment, traceIdEnv);
      const event = JSON.parse(eventText(invocation.event));
      const result = callInInvocation({ invocation, context }, handler, event, response.stream, context);
      if (!isPromiseLike(result)) {
        await this.#failStream(response.fail, 'Streaming does not support non-async handlers.');
      } else {
        const value = await result;
        if (value !== undefined) console.warn('Streaming handlers ignore return values.');
        // AWS's client waits (until the timeout) for a stream the handler never ended; we end it.
        if (!response.stream.writableEnded) response.stream.end();
        await response.done;
      }
    } catch (error) {
      await this.#failStream(response.fail, error);
    }
    beforeExit.reset();
    if (context === undefined || context.callbackWaitsForEmptyEventLoop)
      beforeExit.set(() => setImmediate(this.#scheduleIteration));
    else this.#scheduleIteration();
  }

  async #failStream(fail: (error: unknown) => Promise<void>, error: unknown): Promise<void> {
    this.#options.console.logError('Invoke Error', error);
    try {
      await fail(error);
    } catch (postError) {
      this.#reportPostFailure(postError);
    }
  }

  #postResult(requestId: string, result: unknown): Promise<void> {
    let body: string;
    try {
      body = serialiseResult(result);
    } catch (error) {
      return this.#postError(requestId, error);
    }
    return this.#options.transport
      .postResponse(requestId, body)
      .then(this.#scheduleIteration, (error: unknown) => this.#postResponseFailed(requestId, error));
  }

  async #postResponseFailed(requestId: string, error: unknown): Promise<void> {
    if (error instanceof RuntimeApiStatusError && error.statusCode === 413) {
      // Lambda refuses a buffered response over 6 MB: tell the caller why instead of losing it.
      await this.#options.transport
        .postInvocationError(requestId, RESPONSE_TOO_LARGE)
        .catch((e: unknown) => this.#reportPostFailure(e));
    } else {
      this.#reportPostFailure(error);
    }
    this.#scheduleIteration();
  }

  async #postError(requestId: string, error: unknown): Promise<void> {
    this.#options.console.logError('Invoke Error', error);
    try {
      await this.#options.transport.postInvocationError(requestId, toRuntimeErrorBody(error));
    } catch (postError) {
      this.#reportPostFailure(postError);
    }
    this.#scheduleIteration();
  }

  /** 400/403 mean this id is stale (answered or unknown): say so and go on; anything else is fatal. */
  #reportPostFailure(error: unknown): void {
    if (error instanceof RuntimeApiStatusError && (error.statusCode === 400 || error.statusCode === 403)) {
      process.stderr.write(`lambda-engines: ${error.message}\n`);
      return;
    }
    this.#options.fatal(error);
  }
}
