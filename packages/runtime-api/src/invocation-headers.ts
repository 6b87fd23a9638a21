import { RuntimeApiProtocolError } from './errors.ts';
import type { Invocation } from './types.ts';

/** Response headers with lower-case names, as the undici transport hands them over. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/**
 * Builds an `Invocation` from the `/next` response headers and body, the way AWS's Node client (its
 * native aws-lambda-cpp client plus `InvokeContext.js`) reads them:
 * - `Lambda-Runtime-Aws-Request-Id` missing or empty: `RuntimeApiProtocolError` (AWS's client fails
 *   `next()` too, and the runtime exits);
 * - `Lambda-Runtime-Deadline-Ms` missing: `deadlineMs = 0` (the C++ client's default time point), so
 *   `getRemainingTimeInMillis()` is negative; a value is read like `strtoul` (leading digits, else 0);
 * - `Lambda-Runtime-Invoked-Function-Arn` missing: `''`;
 * - trace id, client context, cognito identity, tenant id: `undefined` when absent or empty;
 * - client context / cognito identity that is not JSON: the member is `undefined` and `headerError`
 *   carries AWS's error (`Cannot parse ClientContext as json: ...`) for the runtime to report.
 * Header values are decoded as UTF-8 (as AWS's native client does), not latin1.
 */
export function invocationFromHeaders(headers: ResponseHeaders, event: Uint8Array): Invocation {
  return invocationFromHeaderValues(
    INVOCATION_HEADERS.map((name) => header(headers, name)),
    event,
    false,
  );
}

/**
 * The `/next` headers an invocation is read from, by their index in the values given to
 * invocationFromHeaderValues (the socket transport stores them at these indexes as it parses).
 */
export const INVOCATION_HEADERS = [
  'lambda-runtime-aws-request-id',
  'lambda-runtime-deadline-ms',
  'lambda-runtime-invoked-function-arn',
  'lambda-runtime-trace-id',
  'lambda-runtime-client-context',
  'lambda-runtime-cognito-identity',
  'lambda-runtime-aws-tenant-id',
] as const;

/**
 * invocationFromHeaders over the INVOCATION_HEADERS values in order (latin1-decoded, `undefined` when
 * absent). `ascii`: the caller knows every value is ASCII, so none needs the UTF-8 re-decoding check.
 */
export function invocationFromHeaderValues(
  values: ReadonlyArray<string | undefined>,
  event: Uint8Array,
  ascii: boolean,
): Invocation {
  const decode = ascii ? asIs : utf8;
  const requestId = decode(values[0]);
  if (requestId === undefined || requestId === '') {
    throw new RuntimeApiProtocolError(
      'The Runtime API answered GET /runtime/invocation/next without a Lambda-Runtime-Aws-Request-Id header; ' +
        'Lambda will replace this environment; the runtime exits.',
    );
  }
  const deadline = decode(values[1]);
  const parsedDeadline = deadline === undefined ? 0 : Number.parseInt(deadline, 10);
  let headerError: Error | undefined;
  let clientContext: unknown;
  let cognitoIdentity: unknown;
  const clientContextText = decode(values[4]);
  if (clientContextText) {
    try {
      clientContext = JSON.parse(clientContextText);
    } catch (cause) {
      headerError = new Error(`Cannot parse ClientContext as json: ${String(cause)}`, { cause });
    }
  }
  const cognitoText = decode(values[5]);
  if (cognitoText) {
    try {
      cognitoIdentity = JSON.parse(cognitoText);
    } catch (cause) {
      headerError ??= new Error(`Cannot parse CognitoIdentity as json: ${String(cause)}`, { cause });
    }
  }
  const invocation: {
    -readonly [K in keyof Invocation]: Invocation[K];
  } = {
    requestId,
    deadlineMs: Number.isNaN(parsedDeadline) ? 0 : parsedDeadline,
    invokedFunctionArn: decode(values[2]) ?? '',
    traceId: decode(values[3]) || undefined,
    clientContext,
    cognitoIdentity,
    tenantId: decode(values[6]) || undefined,
    event,
  };
  if (headerError !== undefined) invocation.headerError = headerError;
  return invocation;
}

function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

function asIs(text: string | undefined): string | undefined {
  return text;
}

/** Any byte above ASCII; a regular expression scans far faster than a charCodeAt loop on Bun. */
const NON_ASCII = /[\u0080-\uffff]/;

/** Transports decode header bytes as latin1; re-decode as UTF-8 when there is any non-ASCII byte. */
function utf8(text: string | undefined): string | undefined {
  if (text === undefined) return text;
  const at = text.search(NON_ASCII);
  if (at < 0) return text;
  if (text.charCodeAt(at) > 0xff) return text; // already decoded beyond latin1
  return Buffer.from(text, 'latin1').toString('utf8');
}
