import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, readBody, sendJson } from './http-util.ts';
import { newRequestId, newTraceId } from './ids.ts';
import { Invocation } from './invocation.ts';
import type { LambdaService } from './lambda-service.ts';
import { MAX_INVOKE_REQUEST_BYTES } from './limits.ts';

/** RIE's invoke path; RIE accepts `function` and the configured name, we accept any name. */
export const INVOKE_PATH = /^\/2015-03-31\/functions\/[^/]+\/invocations$/;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function clientError(res: ServerResponse, statusCode: number, type: string, message: string): void {
  sendJson(res, statusCode, { Type: 'User', message }, { 'x-amzn-ErrorType': type });
}

function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  clientError(
    res,
    413,
    'RequestEntityTooLargeException',
    `Request must be smaller than ${MAX_INVOKE_REQUEST_BYTES} bytes for the InvokeFunction operation`,
  );
  req.resume();
}

/**
 * `POST /2015-03-31/functions/<name>/invocations`, as AWS's Runtime Interface Emulator serves it, plus
 * what Lambda's Invoke API does that RIE does not (function error header, trace id, request limit,
 * `X-Amz-Invocation-Type`).
 */
export async function handleInvoke(
  service: LambdaService,
  functionVersion: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'POST') {
    req.resume();
    sendJson(res, 405, { Type: 'User', message: 'Method not allowed: use POST' }, { Allow: 'POST' });
    return;
  }
  if (Number(header(req, 'content-length') ?? 0) > MAX_INVOKE_REQUEST_BYTES) return tooLarge(req, res);

  const invocationType = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (!['RequestResponse', 'Event', 'DryRun'].includes(invocationType)) {
    req.resume();
    return clientError(
      res,
      400,
      'InvalidParameterValueException',
      `Unsupported invocation type: ${invocationType}`,
    );
  }

  let clientContext: string | undefined;
  const encodedContext = header(req, 'x-amz-client-context');
  if (encodedContext !== undefined && encodedContext !== '') {
    if (!BASE64.test(encodedContext)) {
      req.resume();
      return clientError(
        res,
        400,
        'InvalidRequestContentException',
        'X-Amz-Client-Context must be a valid base64 encoded string',
      );
    }
    clientContext = headerJson(Buffer.from(encodedContext, 'base64').toString('utf8'));
    if (clientContext === undefined) {
      req.resume();
      return clientError(
        res,
        400,
        'InvalidRequestContentException',
        'X-Amz-Client-Context must be base64 JSON',
      );
    }
  }

  const cognitoHeader = header(req, 'x-amz-cognito-identity');
  const cognitoIdentity = cognitoHeader === undefined ? undefined : headerJson(cognitoHeader);
  if (cognitoHeader !== undefined && cognitoIdentity === undefined) {
    req.resume();
    return clientError(
      res,
      400,
      'InvalidRequestContentException',
      'X-Amz-Cognito-Identity must be valid JSON',
    );
  }

  let id = header(req, 'x-amzn-requestid');
  if (id !== undefined && (id === '' || /[^\w.-]/.test(id) || service.isKnown(id))) {
    req.resume();
    return clientError(
      res,
      400,
      'InvalidParameterValueException',
      'X-Amzn-RequestId must be a new, URL-safe id',
    );
  }
  id ??= newRequestId();

  const { body, overflow, complete } = await readBody(req, MAX_INVOKE_REQUEST_BYTES);
  if (!complete) return;
  if (overflow) return tooLarge(req, res);
  if (service.closed) {
    sendJson(res, 503, { Type: 'Server', message: 'The Lambda emulator is closing' });
    return;
  }
  if (invocationType === 'DryRun') {
    res.writeHead(204, { 'X-Amzn-RequestId': id }).end();
    return;
  }

  const invocation = new Invocation({
    id,
    event: body,
    traceId: header(req, 'x-amzn-trace-id') || newTraceId(),
    clientContext,
    cognitoIdentity,
    functionVersion,
    caller: invocationType === 'Event' ? null : res,
  });
  if (invocationType === 'Event') {
    res.writeHead(202, { 'X-Amzn-RequestId': id, 'Content-Length': '0' }).end();
  } else {
    res.once('close', () => service.cancel(invocation));
  }
  service.enqueue(invocation);
}

/** JSON re-serialized on one line, non-ASCII escaped: safe as an HTTP header value. Undefined if not JSON. */
function headerJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text)).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  } catch {
    return undefined;
  }
}
