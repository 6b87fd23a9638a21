import { isStreamingHandler, streamingHighWaterMark } from '@lambda-engines/streaming/handler';

export type HandlerFunction = (...args: any[]) => unknown;

/** What the loop needs to know about the user's handler, worked out once at init. */
export interface HandlerKind {
  readonly streaming: boolean;
  readonly highWaterMark: number | undefined;
  /** Declared `async`: a promise that never settles is an error, not a `null` result. */
  readonly isAsync: boolean;
  /** Takes a third `callback` parameter (the nodejs24.x runtime refuses these; we keep them). */
  readonly usesCallback: boolean;
}

export function handlerKind(handler: HandlerFunction): HandlerKind {
  const streaming = isStreamingHandler(handler);
  return {
    streaming,
    highWaterMark: streaming ? streamingHighWaterMark(handler) : undefined,
    isAsync: handler.constructor?.name === 'AsyncFunction',
    usesCallback: !streaming && handler.length >= 3,
  };
}
