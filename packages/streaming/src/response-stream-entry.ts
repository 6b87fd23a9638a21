// The writer on its own entry, so a runtime can load it (and `node:http`) only when a stream opens.

export type { CreateResponseStreamOptions, ResponseStreamHandle } from './response-stream.ts';
export { createResponseStream, ResponseStream } from './response-stream.ts';
