/** Base class of every error this package throws or rejects with. */
export class StreamingError extends Error {
  override name = 'StreamingError';
  readonly code: string = 'ERR_STREAMING';
}

/** The Runtime API answered the streamed `POST .../response` with a non-2xx status. */
export class ResponseStreamStatusError extends StreamingError {
  override name = 'ResponseStreamStatusError';
  override readonly code = 'ERR_RESPONSE_STREAM_STATUS' as const;
  readonly statusCode: number;
  /** The Runtime API's answer, as text (Lambda sends `{"errorMessage","errorType"}` JSON). */
  readonly body: string;

  constructor(statusCode: number, body: string) {
    super(`Runtime API answered the response stream with HTTP ${statusCode}: ${body || '(empty body)'}`);
    this.statusCode = statusCode;
    this.body = body;
  }
}

/** The connection to the Runtime API failed (refused, reset, closed) before it answered the stream. */
export class ResponseStreamConnectionError extends StreamingError {
  override name = 'ResponseStreamConnectionError';
  override readonly code = 'ERR_RESPONSE_STREAM_CONNECTION' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * `setContentType()` after the first write. Named like AWS's `InvalidStreamingOperation`, with the same
 * message, so that if it reaches the error trailers Lambda sees the same `errorType` as with AWS's runtime.
 */
export class ContentTypeAfterWriteError extends StreamingError {
  override name = 'Runtime.InvalidStreamingOperation';
  override readonly code = 'ERR_CONTENT_TYPE_AFTER_WRITE' as const;

  constructor() {
    super('Cannot set content-type, too late.');
  }
}

/** The user called `destroy()` on the response stream without an error: reported as this error. */
export class ResponseStreamDestroyedError extends StreamingError {
  override name = 'ResponseStreamDestroyedError';
  override readonly code = 'ERR_RESPONSE_STREAM_DESTROYED' as const;

  constructor() {
    super('The response stream was destroyed before it was ended.');
  }
}

/**
 * A handler's streaming marker is set to something other than `'response'`. Named like AWS's
 * `MalformedStreamingHandler` (AWS's message: 'Only response streaming is supported.').
 */
export class MalformedStreamingHandlerError extends StreamingError {
  override name = 'Runtime.MalformedStreamingHandler';
  override readonly code = 'ERR_MALFORMED_STREAMING_HANDLER' as const;

  constructor() {
    super('Only response streaming is supported.');
  }
}
