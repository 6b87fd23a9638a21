/**
 * The Lambda HTTP event and result shapes this package reads and writes. Written here (not imported from
 * `@types/aws-lambda`) after DefinitelyTyped's `trigger/api-gateway-proxy.d.ts`, `trigger/alb.d.ts` and
 * `trigger/lambda-function-url.d.ts`, reduced to the fields the mapping uses; every event type stays open
 * (`[key: string]: unknown`) because AWS adds fields over time.
 */

/** Which HTTP integration produced an event. `function-url` events have the v2 shape. */
export type EventSource = 'apigw-v1' | 'apigw-v2' | 'function-url' | 'alb';

export type HeaderMap = { [name: string]: string | undefined };
export type MultiValueMap = { [name: string]: string[] | undefined };

/**
 * API Gateway REST API proxy event, and HTTP API with payload format 1.0 (`version: "1.0"`).
 * `multiValueHeaders` / `multiValueQueryStringParameters` hold every value; query values arrive decoded.
 */
export interface ApiGatewayV1Event {
  version?: string;
  resource?: string;
  path: string;
  httpMethod: string;
  headers?: HeaderMap | null;
  multiValueHeaders?: MultiValueMap | null;
  queryStringParameters?: HeaderMap | null;
  multiValueQueryStringParameters?: MultiValueMap | null;
  pathParameters?: HeaderMap | null;
  stageVariables?: HeaderMap | null;
  requestContext: {
    domainName?: string;
    stage?: string;
    path?: string;
    [key: string]: unknown;
  };
  body: string | null;
  isBase64Encoded: boolean;
  [key: string]: unknown;
}

/**
 * API Gateway HTTP API event, payload format 2.0; Lambda function URLs send the same shape. Duplicate
 * headers arrive comma-joined, cookies arrive in `cookies`, `rawQueryString` is still percent-encoded.
 */
export interface ApiGatewayV2Event {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers?: HeaderMap;
  queryStringParameters?: HeaderMap;
  pathParameters?: HeaderMap;
  stageVariables?: HeaderMap;
  requestContext: {
    domainName: string;
    domainPrefix?: string;
    routeKey?: string;
    stage?: string;
    http: {
      method: string;
      path: string;
      protocol?: string;
      sourceIp?: string;
      userAgent?: string;
    };
    [key: string]: unknown;
  };
  body?: string | null;
  isBase64Encoded: boolean;
  [key: string]: unknown;
}

/** Lambda function URL event: the v2 shape, `requestContext.domainName` = `<url-id>.lambda-url.<region>.on.aws`. */
export type FunctionUrlEvent = ApiGatewayV2Event;

/**
 * Application Load Balancer event. With multi-value headers enabled on the target group the event has
 * `multiValueHeaders` / `multiValueQueryStringParameters` instead of `headers` / `queryStringParameters`.
 * Query keys and values arrive exactly as the client sent them (still percent-encoded).
 */
export interface AlbEvent {
  requestContext: { elb: { targetGroupArn: string } };
  httpMethod: string;
  path: string;
  headers?: HeaderMap;
  multiValueHeaders?: MultiValueMap;
  queryStringParameters?: HeaderMap;
  multiValueQueryStringParameters?: MultiValueMap;
  body: string | null;
  isBase64Encoded: boolean;
  [key: string]: unknown;
}

export type HttpEvent = ApiGatewayV1Event | ApiGatewayV2Event | AlbEvent;

/** REST API / HTTP API 1.0 proxy result. */
export interface ApiGatewayV1Result {
  statusCode: number;
  headers: { [name: string]: string };
  multiValueHeaders: { [name: string]: string[] };
  body: string;
  isBase64Encoded: boolean;
}

/** HTTP API 2.0 / function URL result. */
export interface ApiGatewayV2Result {
  statusCode: number;
  headers: { [name: string]: string };
  cookies: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** ALB result: `headers` or `multiValueHeaders`, never both (the one matching the target group's setting). */
export interface AlbResult {
  statusCode: number;
  statusDescription: string;
  headers?: { [name: string]: string };
  multiValueHeaders?: { [name: string]: string[] };
  body: string;
  isBase64Encoded: boolean;
}

export type HttpResult = ApiGatewayV1Result | ApiGatewayV2Result | AlbResult;

/** The metadata of a streamed HTTP response (what `awslambda.HttpResponseStream.from` takes). */
export interface HttpResponsePrelude {
  statusCode: number;
  headers: { [name: string]: string };
  cookies: string[];
}

export interface ResponseToResultOptions {
  /**
   * ALB only: answer with `multiValueHeaders` (the target group has multi-value headers enabled; true iff
   * the event had `multiValueHeaders`). Default false: `headers`, one value per name.
   */
  multiValueHeaders?: boolean;
  /**
   * Override the text-or-base64 decision. Return true to base64 the body, false to send it as UTF-8 text,
   * undefined to fall back to the default rule (see `isTextContentType`).
   */
  isBinary?: (contentType: string | null, contentEncoding: string | null) => boolean | undefined;
}
