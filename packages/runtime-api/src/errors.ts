/**
 * Errors of the Runtime API client. Every transport method rejects with a `RuntimeApiError` subclass;
 * each has a stable literal `code`. Apart from `RuntimeApiStatusError` on a `/response` or `/error` post
 * (which the runtime may log and survive), all of them mean this execution environment is unusable:
 * the runtime should exit and let Lambda replace it.
 */
export class RuntimeApiError extends Error {
  readonly code: string = 'ERR_RUNTIME_API';
  override name = 'RuntimeApiError';
}

/** `AWS_LAMBDA_RUNTIME_API` is missing or is not `host:port`. */
export class RuntimeApiAddressError extends RuntimeApiError {
  override readonly code = 'ERR_RUNTIME_API_ADDRESS' as const;
  override name = 'RuntimeApiAddressError';
}

/** The first connection to the Runtime API could not be made, even after a short bounded retry. */
export class RuntimeApiUnreachableError extends RuntimeApiError {
  override readonly code = 'ERR_RUNTIME_API_UNREACHABLE' as const;
  override name = 'RuntimeApiUnreachableError';
}

/** The connection closed or failed while a request or its response was in flight. */
export class RuntimeApiConnectionError extends RuntimeApiError {
  override readonly code = 'ERR_RUNTIME_API_CONNECTION' as const;
  override name = 'RuntimeApiConnectionError';
}

/** The Runtime API answered with a status outside 2xx. */
export class RuntimeApiStatusError extends RuntimeApiError {
  override readonly code = 'ERR_RUNTIME_API_STATUS' as const;
  override name = 'RuntimeApiStatusError';
  readonly statusCode: number;
  readonly method: string;
  readonly path: string;
  /** The response body as text, capped at `STATUS_BODY_CAP` characters. */
  readonly body: string;

  constructor(method: string, path: string, statusCode: number, body: string) {
    const text = capText(body);
    super(
      `Runtime API answered ${statusCode} to ${method} ${path}${text ? `: ${text}` : ''}. ` +
        (path.endsWith('/next') || path.endsWith('/init/error')
          ? 'Lambda will replace this environment; the runtime exits.'
          : 'Lambda refused this result (unknown or already answered request id, or a body over the size limit).'),
    );
    this.statusCode = statusCode;
    this.method = method;
    this.path = path;
    this.body = text;
  }
}

/** The Runtime API's answer could not be understood (no request id, malformed HTTP, ...). */
export class RuntimeApiProtocolError extends RuntimeApiError {
  override readonly code = 'ERR_RUNTIME_API_PROTOCOL' as const;
  override name = 'RuntimeApiProtocolError';
}

/** How much of a non-2xx response body goes into `RuntimeApiStatusError` (characters). */
export const STATUS_BODY_CAP = 1024;

function capText(text: string): string {
  return text.length > STATUS_BODY_CAP ? `${text.slice(0, STATUS_BODY_CAP)}... (${text.length} chars)` : text;
}
