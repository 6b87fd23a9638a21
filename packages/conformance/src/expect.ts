import assert from 'node:assert/strict';
import type { Engine } from './case-types.ts';
import type { RecordedRequest } from './fake-runtime-api.ts';
import type { InvocationResult, RunResult } from './run-bootstrap.ts';

function describe(result: RunResult): string {
  return `\n--- stdout ---\n${result.stdout.slice(-3000)}\n--- stderr ---\n${result.stderr.slice(-3000)}\n--- exit ${result.exitCode}`;
}

function nth(result: RunResult, index: number): InvocationResult {
  const invocation = result.invocations[index];
  assert.ok(invocation, `no invocation #${index}`);
  return invocation;
}

/** The buffered response of invocation `index`: POST .../response, JSON body, returned parsed. */
export function responseJson(result: RunResult, index = 0): unknown {
  const request = response(result, index);
  return JSON.parse(request.body.toString('utf8'));
}

export function response(result: RunResult, index = 0): RecordedRequest {
  const invocation = nth(result, index);
  assert.equal(
    invocation.outcome?.kind,
    'response',
    `invocation #${index} has no response${describe(result)}`,
  );
  const request = invocation.outcome.request;
  assert.equal(request.method, 'POST');
  assert.equal(request.path, `/2018-06-01/runtime/invocation/${invocation.requestId}/response`);
  return request;
}

export interface ExpectedError {
  readonly errorType: string;
  readonly errorMessage?: string | RegExp;
}

/** The invocation error of invocation `index`, checked against the engine's error body shape. */
export function invocationError(result: RunResult, engine: Engine, expected: ExpectedError, index = 0) {
  const invocation = nth(result, index);
  assert.equal(invocation.outcome?.kind, 'error', `invocation #${index} has no error${describe(result)}`);
  const request = invocation.outcome.request;
  assert.equal(request.path, `/2018-06-01/runtime/invocation/${invocation.requestId}/error`);
  return errorBody(request, engine, expected);
}

/** POST /runtime/init/error, with its body checked. */
export function initError(result: RunResult, engine: Engine, expected: ExpectedError) {
  assert.ok(result.initError, `no init error was posted${describe(result)}`);
  assert.equal(result.initError.path, '/2018-06-01/runtime/init/error');
  assert.equal(
    result.invocations.some((i) => i.outcome),
    false,
    'no invocation may run after an init error',
  );
  return errorBody(result.initError, engine, expected);
}

function errorBody(
  request: RecordedRequest,
  engine: Engine,
  expected: ExpectedError,
): Record<string, unknown> {
  assert.equal(request.method, 'POST');
  assert.match(String(request.headers['content-type']), /application\/json/);
  const body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
  assert.equal(body.errorType, expected.errorType, `errorType; body was ${request.body}`);
  if (typeof expected.errorMessage === 'string') assert.equal(body.errorMessage, expected.errorMessage);
  else if (expected.errorMessage) assert.match(String(body.errorMessage), expected.errorMessage);
  if (engine === 'python') {
    // AWS's Python client: {errorMessage, errorType, requestId, stackTrace}.
    assert.ok(Array.isArray(body.stackTrace), 'python error bodies carry stackTrace');
  } else {
    // AWS's Node client: {errorType, errorMessage, trace}.
    assert.ok(Array.isArray(body.trace), 'node error bodies carry trace');
  }
  const header = request.headers['lambda-runtime-function-error-type'];
  if (header !== undefined) assert.equal(header, expected.errorType);
  return body;
}

/** Log lines on stdout (the runtime's console patch writes there). */
export function stdoutLines(result: RunResult): string[] {
  return result.stdout.split('\n').filter((line) => line.length > 0);
}

/** A streamed response: the checks every stream must pass, then its body and trailers. */
export function streamed(result: RunResult, index = 0) {
  const invocation = nth(result, index);
  assert.equal(
    invocation.outcome?.kind,
    'response',
    `invocation #${index} was not streamed${describe(result)}`,
  );
  const request = invocation.outcome.request;
  assert.equal(request.headers['lambda-runtime-function-response-mode'], 'streaming');
  assert.equal(request.headers['transfer-encoding'], 'chunked');
  assert.match(String(request.headers.trailer), /Lambda-Runtime-Function-Error-Type/i);
  assert.match(String(request.headers.trailer), /Lambda-Runtime-Function-Error-Body/i);
  const errorType = request.trailers['lambda-runtime-function-error-type'];
  const errorBodyText = request.trailers['lambda-runtime-function-error-body'];
  return {
    request,
    body: request.body,
    text: request.body.toString('utf8'),
    contentType: request.headers['content-type'],
    errorType,
    errorBody: errorBodyText
      ? (JSON.parse(Buffer.from(errorBodyText, 'base64').toString('utf8')) as Record<string, unknown>)
      : undefined,
  };
}

export { describe as describeRun };
