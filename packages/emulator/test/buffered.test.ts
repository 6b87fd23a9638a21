import assert from 'node:assert/strict';
import { request } from 'node:http';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { EXECUTION_ENV } from '../src/index.ts';
import { event, FAKE_RUNTIME, FIXTURES, json, start, until } from './helpers.ts';

test('buffered echo: 200, the payload as posted, request id header, no function error', async (t) => {
  const { emulator, platform } = await start(t);
  const result = await emulator.invoke('{"hello":"world"}');
  assert.equal(result.statusCode, 200);
  assert.equal(result.body.toString(), '{"hello":"world"}');
  assert.equal(result.functionError, undefined);
  assert.match(String(result.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
  assert.equal(result.headers['x-amz-executed-version'], '$LATEST');
  // A second invoke reuses the warm process.
  const again = await emulator.invoke(new Uint8Array(Buffer.from('"again"')));
  assert.equal(again.body.toString(), '"again"');
  assert.equal(platform.filter((l) => l.startsWith('START')).length, 2);
  assert.equal(platform.filter((l) => l.includes('Init Duration')).length, 1);
});

test('the child gets the Lambda environment, the user env and the task root as cwd', async (t) => {
  const { emulator } = await start(t, {
    env: { MY_VAR: 'mine', AWS_REGION: 'eu-west-3' },
    functionName: 'my-fn',
    memoryMb: 256,
    region: 'eu-west-1',
    handler: 'app.main',
  });
  const { env, cwd } = json((await emulator.invoke(event({ action: 'env' }))).body);
  assert.equal(env.AWS_LAMBDA_RUNTIME_API, emulator.runtimeApiAddress);
  assert.equal(env._HANDLER, 'app.main');
  assert.equal(env.LAMBDA_TASK_ROOT, FIXTURES.replace(/\/$/, ''));
  assert.equal(env.LAMBDA_RUNTIME_DIR, dirname(FAKE_RUNTIME));
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'my-fn');
  assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
  assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '256');
  assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/my-fn');
  assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  assert.equal(env.AWS_REGION, 'eu-west-3', 'user env overrides');
  assert.equal(env.AWS_DEFAULT_REGION, 'eu-west-1');
  assert.equal(env.AWS_EXECUTION_ENV, EXECUTION_ENV);
  assert.equal(env.AWS_LAMBDA_INITIALIZATION_TYPE, 'on-demand');
  assert.equal(env.TZ, ':UTC');
  assert.equal(env.LANG, 'en_US.UTF-8');
  assert.equal(env.PATH, process.env.PATH);
  assert.equal(env.MY_VAR, 'mine');
  assert.equal(env.NODE_OPTIONS, undefined, 'the host environment does not leak');
  assert.equal(cwd, FIXTURES.replace(/\/$/, ''));
});

test('/next headers: request id, deadline, ARN, trace id, client context', async (t) => {
  const { emulator } = await start(t, { timeoutSeconds: 7, region: 'eu-central-1', functionName: 'fn' });
  const before = Date.now();
  const clientContext = { client: { app_title: 't' }, custom: { k: 'v' } };
  const result = await emulator.invoke(event({ action: 'headers' }), {
    headers: {
      'X-Amz-Client-Context': Buffer.from(JSON.stringify(clientContext)).toString('base64'),
      'X-Amz-Cognito-Identity': '{"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"}',
    },
  });
  const { headers, now } = json(result.body);
  assert.equal(headers['lambda-runtime-aws-request-id'], result.headers['x-amzn-requestid']);
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  assert.ok(deadline >= before + 7000 && deadline <= now + 7000, `deadline ${deadline}`);
  assert.equal(
    headers['lambda-runtime-invoked-function-arn'],
    'arn:aws:lambda:eu-central-1:000000000000:function:fn',
  );
  assert.match(
    headers['lambda-runtime-trace-id'],
    /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/,
  );
  assert.deepEqual(JSON.parse(headers['lambda-runtime-client-context']), clientContext);
  assert.equal(
    headers['lambda-runtime-cognito-identity'],
    '{"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"}',
  );
  assert.equal(headers['content-type'], 'application/json');

  // Each invoke gets its own ids; a caller's X-Amzn-Trace-Id and X-Amzn-RequestId are used (as RIE does).
  const second = json(
    (
      await emulator.invoke(event({ action: 'headers' }), {
        headers: { 'X-Amzn-Trace-Id': 'Root=1-abc;Sampled=1', 'X-Amzn-RequestId': 'my-request-1' },
      })
    ).body,
  ).headers;
  assert.equal(second['lambda-runtime-trace-id'], 'Root=1-abc;Sampled=1');
  assert.equal(second['lambda-runtime-aws-request-id'], 'my-request-1');
  assert.equal(second['lambda-runtime-client-context'], undefined);
});

test('X-Amz-Client-Context: pretty or non-ASCII JSON is passed on as one header-safe line; bad ones are 400', async (t) => {
  const { emulator } = await start(t);
  const context = { custom: { greeting: 'héllo ✓' } };
  const pretty = Buffer.from(JSON.stringify(context, null, 2)).toString('base64');
  const result = await emulator.invoke(event({ action: 'headers' }), {
    headers: { 'X-Amz-Client-Context': pretty },
  });
  const passed = json(result.body).headers['lambda-runtime-client-context'];
  assert.doesNotMatch(passed, /\n/);
  assert.deepEqual(JSON.parse(passed), context);
  for (const bad of ['not base64!', Buffer.from('not json').toString('base64')]) {
    const refused = await emulator.invoke('{}', { headers: { 'X-Amz-Client-Context': bad } });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.headers['x-amzn-errortype'], 'InvalidRequestContentException');
  }
});

test('X-Amz-Invocation-Type: Event is answered 202 at once and still runs; DryRun is 204', async (t) => {
  const { emulator, platform } = await start(t);
  const started = Date.now();
  const queued = await emulator.invoke(event({ action: 'sleep', ms: 300 }), {
    headers: { 'X-Amz-Invocation-Type': 'Event' },
  });
  assert.equal(queued.statusCode, 202);
  assert.ok(Date.now() - started < 250);
  const dry = await emulator.invoke('{}', { headers: { 'X-Amz-Invocation-Type': 'DryRun' } });
  assert.equal(dry.statusCode, 204);
  // The synchronous invoke waits behind the asynchronous one.
  const after = await emulator.invoke(event({ n: 1 }));
  assert.deepEqual(json(after.body), { n: 1 });
  assert.ok(Date.now() - started >= 300);
  assert.equal(platform.filter((l) => l.startsWith('START')).length, 2);
});

test('function error: 200, X-Amz-Function-Error: Unhandled, the error JSON as posted', async (t) => {
  const { emulator } = await start(t);
  const result = await emulator.invoke(event({ action: 'throw' }));
  assert.equal(result.statusCode, 200);
  assert.equal(result.functionError, 'Unhandled');
  assert.equal(result.headers['x-amz-function-error'], 'Unhandled');
  assert.deepEqual(json(result.body), {
    errorType: 'MyError',
    errorMessage: 'boom',
    trace: ['MyError: boom', '    at x'],
  });
  const statuses = json((await emulator.invoke(event({ action: 'statuses' }))).body);
  assert.equal(statuses.error, 202);
});

test('Runtime API: a second answer is 403, an unknown id 400, and the caller is answered once', async (t) => {
  const { emulator } = await start(t);
  const first = await emulator.invoke(event({ action: 'double' }));
  assert.deepEqual(json(first.body), { first: true });
  const statuses = json((await emulator.invoke(event({ action: 'statuses' }))).body);
  assert.equal(statuses.response, 202);
  assert.equal(statuses.responseBody, '{"status":"OK"}');
  assert.equal(statuses.again, 403);
  assert.equal(statuses.againError, 403);
  assert.equal(statuses.bogus, 400);
});

test('concurrent invokes are queued FIFO and each answered exactly once', async (t) => {
  const { emulator, platform } = await start(t);
  const count = 12;
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => emulator.invoke(event({ action: 'sleep', ms: 5, i }))),
  );
  for (const result of results) {
    assert.equal(result.statusCode, 200);
    assert.deepEqual(json(result.body), { slept: 5 });
  }
  const ids = new Set(results.map((r) => r.headers['x-amzn-requestid']));
  assert.equal(ids.size, count);
  // Served one at a time: START/END strictly alternate.
  const order = platform
    .filter((l) => l.startsWith('START') || l.startsWith('END'))
    .map((l) => l.slice(0, 3));
  assert.deepEqual(order, Array.from({ length: count }, () => ['STA', 'END']).flat());
  // Echo payloads come back to the right caller.
  const echoes = await Promise.all(Array.from({ length: 8 }, (_, i) => emulator.invoke(event({ n: i }))));
  for (const [i, r] of echoes.entries()) assert.deepEqual(json(r.body), { n: i });
});

test('a caller that goes away while queued is dropped; the others are still answered', async (t) => {
  const { emulator, platform } = await start(t);
  const slow = emulator.invoke(event({ action: 'sleep', ms: 300 }));
  await new Promise((r) => setTimeout(r, 50));
  const invokeUrl = `${emulator.url}/2015-03-31/functions/function/invocations`;
  const aborted = request(invokeUrl, { method: 'POST' });
  aborted.on('error', () => {});
  aborted.end(event({ n: 'gone' }));
  await new Promise((r) => setTimeout(r, 50));
  aborted.destroy();
  const after = emulator.invoke(event({ n: 'after' }));
  assert.deepEqual(json((await slow).body), { slept: 300 });
  assert.deepEqual(json((await after).body), { n: 'after' });
  assert.equal(platform.filter((l) => l.startsWith('START')).length, 2, 'the dropped invoke never ran');
});

test('request body above 6 MiB: 413 RequestEntityTooLargeException, the function is not invoked', async (t) => {
  const { emulator, platform } = await start(t);
  const big = Buffer.alloc(6 * 1024 * 1024 + 1, 'a');
  const result = await emulator.invoke(big);
  assert.equal(result.statusCode, 413);
  assert.equal(result.headers['x-amzn-errortype'], 'RequestEntityTooLargeException');
  assert.match(json(result.body).message, /6291456 bytes/);
  assert.equal(platform.length, 0);
  // Without a Content-Length (chunked), the body is counted as it arrives.
  const chunked = await new Promise<number>((resolve) => {
    const req = request(
      `${emulator.url}/2015-03-31/functions/function/invocations`,
      { method: 'POST' },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.write(big.subarray(0, 4 * 1024 * 1024));
    req.end(big.subarray(4 * 1024 * 1024));
  });
  assert.equal(chunked, 413);
  // Exactly at the limit is fine.
  const max = Buffer.alloc(6 * 1024 * 1024, 'b');
  const ok = await emulator.invoke(max);
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.body.length, max.length);
});

test('buffered response above 6291556 bytes: Function.ResponseSizeTooLarge to the caller, 413 to the runtime', async (t) => {
  const { emulator } = await start(t);
  const result = await emulator.invoke(event({ action: 'big', size: 6291557 }));
  assert.equal(result.statusCode, 200);
  assert.equal(result.functionError, 'Unhandled');
  assert.deepEqual(json(result.body), {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage:
      'Response payload size (6291557 bytes) exceeded maximum allowed payload size (6291556 bytes).',
  });
  const statuses = json((await emulator.invoke(event({ action: 'statuses' }))).body);
  assert.equal(statuses.response, 413);
  assert.deepEqual(JSON.parse(statuses.responseBody), {
    errorMessage: 'Exceeded maximum allowed payload size (6291556 bytes).',
    errorType: 'RequestEntityTooLarge',
  });
  const atLimit = await emulator.invoke(event({ action: 'big', size: 6291556 }));
  assert.equal(atLimit.functionError, undefined);
  assert.equal(atLimit.body.length, 6291556);
});

test('binds 127.0.0.1 by default, on a free port', async (t) => {
  const { emulator } = await start(t);
  assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(emulator.runtimeApiAddress, /^127\.0\.0\.1:\d+$/);
  assert.notEqual(emulator.runtimeApiAddress, '127.0.0.1:0');
});

test('unknown paths are 404 and closing answers pending invokes', async (t) => {
  const { emulator, stderr } = await start(t, { handler: 'chatty' });
  const pending = emulator.invoke(event({ action: 'sleep', ms: 5000 }));
  await until(() => stderr.includes('hello from stderr'));
  const notFound = await new Promise<number>((resolve) => {
    request(`${emulator.url}/nope`, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).end();
  });
  assert.equal(notFound, 404);
  await emulator.close();
  const result = await pending;
  assert.equal(result.statusCode, 503);
  await assert.rejects(emulator.invoke('{}'), { code: 'ERR_EMULATOR_CLOSED' });
});
