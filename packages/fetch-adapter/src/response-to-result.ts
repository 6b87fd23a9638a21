import { encodeBody, isBinaryByDefault } from './body-encoding.ts';
import { FetchAdapterError } from './errors.ts';
import { splitResponseHeaders } from './response-headers.ts';
import { statusDescription } from './status-text.ts';
import type {
  AlbResult,
  ApiGatewayV1Result,
  ApiGatewayV2Result,
  EventSource,
  HttpResult,
  ResponseToResultOptions,
} from './types.ts';

/**
 * The Lambda result for a `Response`, in the format the event's source expects; the body is read in full.
 * - `apigw-v1`: `{ statusCode, headers, multiValueHeaders, body, isBase64Encoded }`; every `Set-Cookie` goes
 *   in `multiValueHeaders['set-cookie']`, all other headers in `headers`.
 * - `apigw-v2`, `function-url`: `{ statusCode, headers, cookies, body, isBase64Encoded }`; `Set-Cookie`
 *   values go in `cookies`.
 * - `alb`: `{ statusCode, statusDescription: '200 OK', headers | multiValueHeaders, body, isBase64Encoded }`.
 *   `multiValueHeaders` iff `options.multiValueHeaders` (pass `'multiValueHeaders' in event`); with
 *   `headers` only one `Set-Cookie` fits, so the last one is kept (ALB's own rule for duplicates).
 * Text or base64: see `isTextContentType`; `options.isBinary` overrides it.
 */
export function responseToResult(
  response: Response,
  source: 'apigw-v1',
  options?: ResponseToResultOptions,
): Promise<ApiGatewayV1Result>;
export function responseToResult(
  response: Response,
  source: 'apigw-v2' | 'function-url',
  options?: ResponseToResultOptions,
): Promise<ApiGatewayV2Result>;
export function responseToResult(
  response: Response,
  source: 'alb',
  options?: ResponseToResultOptions,
): Promise<AlbResult>;
export function responseToResult(
  response: Response,
  source: EventSource,
  options?: ResponseToResultOptions,
): Promise<HttpResult>;
export async function responseToResult(
  response: Response,
  source: EventSource,
  options: ResponseToResultOptions = {},
): Promise<HttpResult> {
  const contentType = response.headers.get('content-type');
  const contentEncoding = response.headers.get('content-encoding');
  const binary =
    options.isBinary?.(contentType, contentEncoding) ?? isBinaryByDefault(contentType, contentEncoding);
  const bytes = response.body === null ? new Uint8Array(0) : new Uint8Array(await response.arrayBuffer());
  const { body, isBase64Encoded } = encodeBody(bytes, binary);
  const { headers, cookies } = splitResponseHeaders(response.headers);
  const statusCode = response.status;

  switch (source) {
    case 'apigw-v1':
      return {
        statusCode,
        headers,
        multiValueHeaders: cookies.length > 0 ? { 'set-cookie': cookies } : {},
        body,
        isBase64Encoded,
      };
    case 'apigw-v2':
    case 'function-url':
      return { statusCode, headers, cookies, body, isBase64Encoded };
    case 'alb': {
      const result: AlbResult = {
        statusCode,
        statusDescription: statusDescription(statusCode, response.statusText),
        body,
        isBase64Encoded,
      };
      if (options.multiValueHeaders) {
        const multi: Record<string, string[]> = {};
        for (const [name, value] of Object.entries(headers)) multi[name] = [value];
        if (cookies.length > 0) multi['set-cookie'] = cookies;
        result.multiValueHeaders = multi;
      } else {
        const last = cookies.at(-1);
        result.headers = last === undefined ? headers : { ...headers, 'set-cookie': last };
      }
      return result;
    }
    default:
      throw new FetchAdapterError(`unknown event source: ${String(source)}`);
  }
}
