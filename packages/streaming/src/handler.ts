// What user code and the runtime need at init, without `node:http` or `node:stream`: marking a handler
// as streaming and the HTTP prelude. The writer itself is `./response-stream`, loaded when a stream opens.

export type { HttpResponsePrelude } from './http-response-stream.ts';
export { HttpResponseStream } from './http-response-stream.ts';
export type { StreamifyOptions } from './streamify-response.ts';
export { isStreamingHandler, streamifyResponse, streamingHighWaterMark } from './streamify-response.ts';
