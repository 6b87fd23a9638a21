/** One invocation, as `GET /runtime/invocation/next` hands it over. */
export interface Invocation {
  /** `Lambda-Runtime-Aws-Request-Id` */
  readonly requestId: string;
  /** `Lambda-Runtime-Deadline-Ms`, Unix epoch milliseconds. */
  readonly deadlineMs: number;
  /** `Lambda-Runtime-Invoked-Function-Arn` */
  readonly invokedFunctionArn: string;
  /** `Lambda-Runtime-Trace-Id`, when present. */
  readonly traceId: string | undefined;
  /** `Lambda-Runtime-Client-Context`, parsed JSON, when present. */
  readonly clientContext: unknown;
  /** `Lambda-Runtime-Cognito-Identity`, parsed JSON, when present. */
  readonly cognitoIdentity: unknown;
  /** `Lambda-Runtime-Aws-Tenant-Id`, when present. */
  readonly tenantId: string | undefined;
  /** The raw event bytes. */
  readonly event: Uint8Array;
  /**
   * Set when `Lambda-Runtime-Client-Context` or `Lambda-Runtime-Cognito-Identity` is not valid JSON (the
   * member is then `undefined`). AWS's Node client fails that one invocation with this error
   * (`Cannot parse ClientContext as json: SyntaxError: ...`, errorType `Error`) and keeps looping; the
   * runtime should post it with `postInvocationError` instead of calling the handler.
   */
  readonly headerError?: Error;
}

/** Extra, optional parts of an invocation error post. */
export interface PostErrorOptions {
  /** `Lambda-Runtime-Function-XRay-Error-Cause` (JSON); dropped when over 1 MiB, like AWS's clients. */
  xrayErrorCause?: string;
}

/** The error body Lambda receives on `/error` and `/init/error`: AWS's Node client shape. */
export interface RuntimeErrorBody {
  errorType: string;
  errorMessage: string;
  trace: string[];
  [key: string]: unknown;
}

/**
 * How the runtime talks to the Runtime API. Two implementations: undici (`UndiciTransport`) and a lean
 * keep-alive `net` socket (`SocketTransport`). Every method rejects with a `RuntimeApiError` subclass.
 */
export interface RuntimeApiTransport {
  /** Long-polls `/next`; never times out. */
  next(): Promise<Invocation>;
  /** `POST /invocation/{id}/response` with a buffered body (already serialised). */
  postResponse(requestId: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  /** `POST /invocation/{id}/error`, JSON body, `Lambda-Runtime-Function-Error-Type: errorType`. */
  postInvocationError(requestId: string, error: RuntimeErrorBody, options?: PostErrorOptions): Promise<void>;
  /** `POST /runtime/init/error`, JSON body, `Lambda-Runtime-Function-Error-Type: errorType`. */
  postInitError(error: RuntimeErrorBody): Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
  /**
   * Opens the connection now, without sending anything, so that the TCP set-up overlaps the function's
   * init. Failures are not reported here: the first request meets them (and retries as it would).
   */
  preconnect?(): void;
}
