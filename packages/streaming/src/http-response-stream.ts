import { HTTP_INTEGRATION_CONTENT_TYPE, PRELUDE_DELIMITER_LENGTH } from './constants.ts';

/** What `_onBeforeFirstWrite` receives: writes straight to the response body, ahead of the user's bytes. */
export type RawWrite = (chunk: string | Uint8Array) => void;
export type BeforeFirstWriteHook = (write: RawWrite) => void;

/** The part of a response stream that `HttpResponseStream.from` needs (AWS's stream has the same two). */
export interface PreludeTarget {
  setContentType(contentType: string): void;
  _onBeforeFirstWrite?: BeforeFirstWriteHook | undefined;
}

/** The metadata prelude Lambda function URLs and API Gateway read ahead of a streamed HTTP body. */
export interface HttpResponsePrelude {
  statusCode?: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
  [key: string]: unknown;
}

/**
 * `awslambda.HttpResponseStream`: `from(stream, prelude)` sets the content type
 * `application/vnd.awslambda.http-integration-response` and arranges for `JSON.stringify(prelude)` and
 * 8 NUL bytes to be written right before the first body byte (also when the stream is ended without any
 * write, which AWS's runtime misses). Returns the same stream.
 */
// biome-ignore lint/complexity/noStaticOnlyClass: AWS's `awslambda.HttpResponseStream` is a class; kept for parity.
export class HttpResponseStream {
  static from<S extends PreludeTarget>(underlyingStream: S, prelude: HttpResponsePrelude): S {
    underlyingStream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    // JSON escapes any NUL inside the prelude, so the 8-NUL delimiter is unambiguous.
    const metadata = JSON.stringify(prelude);
    underlyingStream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(PRELUDE_DELIMITER_LENGTH));
    };
    return underlyingStream;
  }
}
