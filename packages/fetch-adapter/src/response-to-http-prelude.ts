import { splitResponseHeaders } from './response-headers.ts';
import type { HttpResponsePrelude } from './types.ts';

/**
 * The metadata of a streamed HTTP response (function URL or API Gateway in streaming mode): what
 * `awslambda.HttpResponseStream.from(stream, prelude)` takes. `Set-Cookie` values go in `cookies`, the
 * other headers in `headers`. The body is not touched: the runtime pipes `response.body` itself.
 */
export function responseToHttpPrelude(response: Response): HttpResponsePrelude {
  const { headers, cookies } = splitResponseHeaders(response.headers);
  return { statusCode: response.status, headers, cookies };
}
