/** Base class of the errors the runtime itself raises. `name` is the Lambda error type. */
export class RuntimeError extends Error {
  readonly code: string = 'ERR_RUNTIME';
}

/** The handler's result could not be turned into JSON (circular, BigInt, a throwing toJSON). */
export class JsonStringifyError extends RuntimeError {
  override readonly code = 'ERR_JSON_STRINGIFY' as const;
  constructor(options?: { cause?: unknown }) {
    super('Unable to stringify response body', options);
    this.name = 'Runtime.JSONStringifyError';
  }
}

/** An async handler's promise never settled and the event loop ran empty. */
export class NodeJsExitError extends RuntimeError {
  override readonly code = 'ERR_NODEJS_EXIT' as const;
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
    this.name = 'Runtime.NodeJsExit';
  }
}

/** A promise rejected with nobody to catch it: reported as the current invocation's (or init's) error. */
export class UnhandledPromiseRejectionError extends RuntimeError {
  override readonly code = 'ERR_UNHANDLED_REJECTION' as const;
  readonly reason: unknown;
  constructor(reason: unknown) {
    super(safeString(reason), { cause: reason });
    this.name = 'Runtime.UnhandledPromiseRejection';
    this.reason = reason;
  }
}

/** A streaming handler broke the streaming contract (not async, or used the stream wrongly). */
export class InvalidStreamingOperationError extends RuntimeError {
  override readonly code = 'ERR_INVALID_STREAMING_OPERATION' as const;
  constructor(message: string) {
    super(message);
    this.name = 'Runtime.InvalidStreamingOperation';
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A fetch handler resolved to something that is not a `Response`. */
export class FetchResponseError extends RuntimeError {
  override readonly code = 'ERR_FETCH_RESPONSE' as const;
  constructor(value: unknown) {
    super(
      `A fetch handler must return a Response (or a promise of one); it returned ${value === null ? 'null' : typeof value}.`,
    );
    this.name = 'Runtime.InvalidFetchResponse';
  }
}

/** The shutdown hooks did not all finish within their bound; the runtime exits anyway. */
export class ShutdownTimeoutError extends RuntimeError {
  override readonly code = 'ERR_SHUTDOWN_TIMEOUT' as const;
  constructor(timeoutMs: number) {
    super(`Shutdown hooks did not finish within ${timeoutMs} ms; exiting anyway.`);
    this.name = 'Runtime.ShutdownTimeout';
  }
}
