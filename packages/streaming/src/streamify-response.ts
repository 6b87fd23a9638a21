import { HANDLER_HIGH_WATER_MARK, HANDLER_STREAMING, STREAM_RESPONSE } from './constants.ts';
import { MalformedStreamingHandlerError } from './errors.ts';

export interface StreamifyOptions {
  /** The response stream's buffer size in bytes (AWS passes it to the stream's socket). */
  highWaterMark?: number;
}

/**
 * `awslambda.streamifyResponse`: marks the handler as a response-streaming handler, exactly as AWS's
 * runtime does (two `Symbol.for` properties on the function itself), and returns the same function.
 */
export function streamifyResponse<T extends Function>(handler: T, options?: StreamifyOptions): T {
  const target = handler as unknown as Record<symbol, unknown>;
  target[HANDLER_STREAMING] = STREAM_RESPONSE;
  if (typeof options?.highWaterMark === 'number') {
    target[HANDLER_HIGH_WATER_MARK] = Number.parseInt(String(options.highWaterMark), 10);
  }
  return handler;
}

function marker(fn: unknown, key: symbol): unknown {
  if ((typeof fn !== 'function' && typeof fn !== 'object') || fn === null) return undefined;
  return (fn as Record<symbol, unknown>)[key];
}

/**
 * Whether `fn` was marked by `streamifyResponse` (or by AWS's own `awslambda.streamifyResponse`, which
 * sets the same symbols). Like AWS's runtime, a marker that is set to anything but `'response'` (and is
 * not `undefined`, `null` or `false`) throws `MalformedStreamingHandlerError`.
 */
export function isStreamingHandler(fn: unknown): boolean {
  const value = marker(fn, HANDLER_STREAMING);
  if (value === undefined || value === null || value === false) return false;
  if (value === STREAM_RESPONSE) return true;
  throw new MalformedStreamingHandlerError();
}

/**
 * The `highWaterMark` given to `streamifyResponse`, parsed like AWS's runtime does (`parseInt`). AWS's
 * runtime then ignores a value of 0 (and a negative one would make its socket throw), so this returns
 * `undefined` for anything that is not a positive integer.
 */
export function streamingHighWaterMark(fn: unknown): number | undefined {
  const value = marker(fn, HANDLER_HIGH_WATER_MARK);
  if (value === undefined || value === null || value === false) return undefined;
  const parsed = Number.parseInt(String(value), 10);
  return Number.isNaN(parsed) || parsed <= 0 ? undefined : parsed;
}
