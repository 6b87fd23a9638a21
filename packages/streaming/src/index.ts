export {
  DEFAULT_CONTENT_TYPE,
  HANDLER_HIGH_WATER_MARK,
  HANDLER_STREAMING,
  HTTP_INTEGRATION_CONTENT_TYPE,
  TRAILER_ERROR_BODY,
  TRAILER_ERROR_TYPE,
} from './constants.ts';
export {
  ContentTypeAfterWriteError,
  MalformedStreamingHandlerError,
  ResponseStreamConnectionError,
  ResponseStreamDestroyedError,
  ResponseStreamStatusError,
  StreamingError,
} from './errors.ts';
export type {
  BeforeFirstWriteHook,
  HttpResponsePrelude,
  PreludeTarget,
  RawWrite,
} from './http-response-stream.ts';
export { HttpResponseStream } from './http-response-stream.ts';
export type { CreateResponseStreamOptions, ResponseStreamHandle } from './response-stream.ts';
export { createResponseStream, ResponseStream } from './response-stream.ts';
export type { StreamifyOptions } from './streamify-response.ts';
export { isStreamingHandler, streamifyResponse, streamingHighWaterMark } from './streamify-response.ts';
