import type { ErrorBody } from './http-util.ts';
import { MAX_BUFFERED_RESPONSE_BYTES } from './limits.ts';
import { describeExit, type ProcessExit } from './runtime-process.ts';

// The errors the platform itself reports to the invoke caller, worded as Lambda words them.

export function timeoutError(requestId: string, seconds: number): ErrorBody {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds.toFixed(2)} seconds`,
  };
}

export function initTimeoutError(requestId: string, seconds: number): ErrorBody {
  return {
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: Init timed out after ${seconds.toFixed(2)} seconds`,
  };
}

export function exitError(requestId: string, exit: ProcessExit): ErrorBody {
  if (exit.error) {
    return {
      errorType: 'Runtime.InvalidEntrypoint',
      errorMessage: `RequestId: ${requestId} Error: ${exit.error.message}`,
    };
  }
  if (exit.code === 0 && !exit.signal) {
    return {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${requestId} Error: Runtime exited without providing a reason`,
    };
  }
  return {
    errorType: 'Runtime.ExitError',
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${describeExit(exit)}`,
  };
}

export function responseTooLargeError(size: number, limit: number): ErrorBody {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size (${size} bytes) exceeded maximum allowed payload size (${limit} bytes).`,
  };
}

export function truncatedResponseError(requestId: string): ErrorBody {
  return {
    errorType: 'Runtime.TruncatedResponse',
    errorMessage: `RequestId: ${requestId} Error: the runtime closed the connection before the response was complete`,
  };
}

/** What Lambda reports when `/error` or `/init/error` came with an empty body. */
export function unknownError(errorType: string | undefined): ErrorBody {
  return { errorType: errorType ?? 'Runtime.Unknown', errorMessage: 'Unknown application error occurred' };
}

// Answers to the runtime (Runtime API side).

export const RUNTIME_TOO_LARGE: ErrorBody = {
  errorMessage: `Exceeded maximum allowed payload size (${MAX_BUFFERED_RESPONSE_BYTES} bytes).`,
  errorType: 'RequestEntityTooLarge',
};

export const RUNTIME_INVALID_REQUEST_ID: ErrorBody = {
  errorMessage: 'Invalid request ID',
  errorType: 'InvalidRequestID',
};

export const RUNTIME_INVALID_STATE: ErrorBody = {
  errorMessage: 'State transition is not allowed',
  errorType: 'InvalidStateTransition',
};
