/** The symbols AWS's Node runtime puts on a handler wrapped by `awslambda.streamifyResponse`. */
export const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
export const HANDLER_HIGH_WATER_MARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
/** The only streaming mode Lambda supports. */
export const STREAM_RESPONSE = 'response';

export const HEADER_RESPONSE_MODE = 'Lambda-Runtime-Function-Response-Mode';
export const VALUE_STREAMING = 'streaming';
export const TRAILER_ERROR_TYPE = 'Lambda-Runtime-Function-Error-Type';
export const TRAILER_ERROR_BODY = 'Lambda-Runtime-Function-Error-Body';
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** `HttpResponseStream`: the content type of a JSON prelude, 8 NUL bytes, then the payload. */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
export const PRELUDE_DELIMITER_LENGTH = 8;
