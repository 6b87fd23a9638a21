import { FetchEventError } from './errors.ts';
import type { EventSource } from './types.ts';

/**
 * A function URL's own host name: `<url-id>.lambda-url.<region>.on.aws` (AWS's documented format; the
 * optional suffix admits partition variants of the `on.aws` domain).
 */
const FUNCTION_URL_HOST = /\.lambda-url\.[a-z0-9-]+\.on\.aws(?:\.[a-z.]+)?$/i;

/**
 * Which HTTP integration produced `event`, from its shape alone (the way hono's aws-lambda adapter does):
 * - `alb`: `requestContext.elb` is present;
 * - `apigw-v2` / `function-url`: `version: "2.0"` with `rawPath` and `requestContext.http.method`. The two
 *   payloads are identical; a function URL is recognised by `requestContext.domainName` ending in
 *   `.lambda-url.<region>.on.aws`. Anything else (an execute-api host or a custom domain) is `apigw-v2`.
 *   Both map to a Request and back to a result the same way, so a misclassification only changes the
 *   label (AWS Powertools does not tell them apart either: its function URL resolver reuses the v2 one);
 * - `apigw-v1`: `httpMethod` and `path` with a `requestContext` (REST APIs, HTTP API payload 1.0).
 * Returns undefined for any other event (SQS, S3, WebSocket API, a direct invoke payload...).
 */
export function detectEventSource(event: unknown): EventSource | undefined {
  if (!isRecord(event)) return undefined;
  const requestContext = event.requestContext;
  if (!isRecord(requestContext)) return undefined;

  if (isRecord(requestContext.elb)) {
    return typeof event.httpMethod === 'string' && typeof event.path === 'string' ? 'alb' : undefined;
  }
  if (event.version === '2.0' && typeof event.rawPath === 'string') {
    const http = requestContext.http;
    if (!isRecord(http) || typeof http.method !== 'string') return undefined;
    const domain = requestContext.domainName;
    return typeof domain === 'string' && FUNCTION_URL_HOST.test(domain) ? 'function-url' : 'apigw-v2';
  }
  if (typeof event.httpMethod === 'string' && typeof event.path === 'string') return 'apigw-v1';
  return undefined;
}

/** `detectEventSource`, throwing `FetchEventError` (with the event's keys) when it is not an HTTP event. */
export function requireEventSource(event: unknown): EventSource {
  const source = detectEventSource(event);
  if (source === undefined) throw new FetchEventError(event);
  return source;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
