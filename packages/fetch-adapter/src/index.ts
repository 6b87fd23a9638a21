export { isTextContentType } from './body-encoding.ts';
export { detectEventSource, requireEventSource } from './detect-event-source.ts';
export { FetchAdapterError, FetchEventError } from './errors.ts';
export { eventToRequest } from './event-to-request.ts';
export { isFetchHandler } from './is-fetch-handler.ts';
export { responseToHttpPrelude } from './response-to-http-prelude.ts';
export { responseToResult } from './response-to-result.ts';
export type {
  AlbEvent,
  AlbResult,
  ApiGatewayV1Event,
  ApiGatewayV1Result,
  ApiGatewayV2Event,
  ApiGatewayV2Result,
  EventSource,
  FunctionUrlEvent,
  HttpEvent,
  HttpResponsePrelude,
  HttpResult,
  ResponseToResultOptions,
} from './types.ts';
