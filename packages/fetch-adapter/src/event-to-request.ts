import { isRecord } from './detect-event-source.ts';
import { FetchEventError } from './errors.ts';
import { toByteString } from './header-values.ts';
import type {
  AlbEvent,
  ApiGatewayV1Event,
  ApiGatewayV2Event,
  EventSource,
  HeaderMap,
  MultiValueMap,
} from './types.ts';
import { encodeQueryComponent, escapePath, escapeRawQuery, escapeRawQueryComponent } from './url-parts.ts';

/**
 * A web-standard `Request` for a Lambda HTTP event of the given source (see `detectEventSource`).
 * - URL: `https://{host}{path}?{query}`. Host = `requestContext.domainName`, else the `host` header. ALB
 *   uses the `x-forwarded-proto` header for the scheme (an ALB listener may be plain HTTP). Path = v1/ALB
 *   `path` (REST APIs: without the stage), v2 `rawPath`. Query = v2 `rawQueryString` as is; v1 the decoded
 *   `multiValueQueryStringParameters` (else `queryStringParameters`) re-encoded, repeated keys kept; ALB
 *   the still-encoded keys and values as is.
 * - Headers: `multiValueHeaders` when the event has them (every value), else `headers`. Cookies end up in
 *   one `cookie` header joined with `; ` (v2's `cookies` array included). A header the `Headers` class
 *   refuses (a control character in the value) is skipped rather than failing the request.
 * - Body: none for GET and HEAD or when empty; base64-decoded when `isBase64Encoded` (binary safe),
 *   else the UTF-8 bytes of the string. No `content-type` is invented.
 */
export function eventToRequest(event: unknown, source: EventSource): Request {
  if (!isRecord(event)) throw new FetchEventError(event);
  switch (source) {
    case 'apigw-v2':
    case 'function-url':
      return fromV2(event as ApiGatewayV2Event);
    case 'apigw-v1':
      return fromV1(event as ApiGatewayV1Event);
    case 'alb':
      return fromAlb(event as AlbEvent);
    default:
      throw new FetchEventError(event);
  }
}

function fromV1(event: ApiGatewayV1Event): Request {
  const headers = buildHeaders(event.headers, event.multiValueHeaders, []);
  const host = event.requestContext?.domainName || headers.get('host') || 'localhost';
  const query = event.multiValueQueryStringParameters
    ? encodeMultiQuery(event.multiValueQueryStringParameters, encodeQueryComponent)
    : encodeSingleQuery(event.queryStringParameters, encodeQueryComponent);
  return build(event.httpMethod, `https://${host}${escapePath(event.path)}`, query, headers, event);
}

function fromV2(event: ApiGatewayV2Event): Request {
  const headers = buildHeaders(event.headers, undefined, event.cookies ?? []);
  const host = event.requestContext?.domainName || headers.get('host') || 'localhost';
  const method = event.requestContext.http.method;
  const query = escapeRawQuery(event.rawQueryString ?? '');
  return build(method, `https://${host}${escapePath(event.rawPath)}`, query, headers, event);
}

function fromAlb(event: AlbEvent): Request {
  const headers = buildHeaders(event.headers, event.multiValueHeaders, []);
  const host = headers.get('host') || 'localhost';
  const proto = headers.get('x-forwarded-proto') === 'http' ? 'http' : 'https';
  const raw = (component: string, isKey: boolean) => escapeRawQueryComponent(component, isKey);
  const query = event.multiValueQueryStringParameters
    ? encodeMultiQuery(event.multiValueQueryStringParameters, raw)
    : encodeSingleQuery(event.queryStringParameters, raw);
  return build(event.httpMethod, `${proto}://${host}${escapePath(event.path)}`, query, headers, event);
}

function build(
  method: string,
  base: string,
  query: string,
  headers: Headers,
  event: { body?: string | null; isBase64Encoded?: boolean },
): Request {
  const init: RequestInit = { method, headers };
  const upper = method.toUpperCase();
  if (upper !== 'GET' && upper !== 'HEAD') {
    const body = decodeBody(event.body, event.isBase64Encoded === true);
    if (body !== undefined) init.body = body;
  }
  return new Request(query ? `${base}?${query}` : base, init);
}

function decodeBody(body: string | null | undefined, isBase64Encoded: boolean): Uint8Array | undefined {
  if (typeof body !== 'string' || body === '') return undefined;
  if (!isBase64Encoded) return new TextEncoder().encode(body);
  const bytes = Buffer.from(body, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function buildHeaders(
  single: HeaderMap | null | undefined,
  multi: MultiValueMap | null | undefined,
  cookies: string[],
): Headers {
  const headers = new Headers();
  const cookieParts: string[] = [];
  const add = (name: string, value: string | undefined) => {
    if (typeof value !== 'string') return;
    if (name.toLowerCase() === 'cookie') {
      if (value !== '') cookieParts.push(value);
      return;
    }
    try {
      headers.append(name, toByteString(value));
    } catch {
      // An invalid name or value (e.g. a control character): skipped, the rest of the request stands.
    }
  };
  if (multi && Object.keys(multi).length > 0) {
    for (const [name, values] of Object.entries(multi)) {
      if (Array.isArray(values)) for (const value of values) add(name, value);
    }
  } else if (single) {
    for (const [name, value] of Object.entries(single)) add(name, value);
  }
  for (const cookie of cookies) if (typeof cookie === 'string' && cookie !== '') cookieParts.push(cookie);
  if (cookieParts.length > 0) {
    try {
      headers.set('cookie', toByteString(cookieParts.join('; ')));
    } catch {
      // Same rule as any other header value.
    }
  }
  return headers;
}

type Encode = (component: string, isKey: boolean) => string;

function encodeMultiQuery(params: MultiValueMap, encode: Encode): string {
  const parts: string[] = [];
  for (const [key, values] of Object.entries(params)) {
    if (!Array.isArray(values)) continue;
    for (const value of values) parts.push(pair(key, value, encode));
  }
  return parts.join('&');
}

function encodeSingleQuery(params: HeaderMap | null | undefined, encode: Encode): string {
  if (!params) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string') parts.push(pair(key, value, encode));
  }
  return parts.join('&');
}

function pair(key: string, value: string, encode: Encode): string {
  return `${encode(key, true)}=${encode(value, false)}`;
}
