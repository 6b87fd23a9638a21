import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { ContentTypeAfterWriteError, createResponseStream, HttpResponseStream } from '../src/index.ts';
import type { RecordingServer } from './helpers/recording-server.ts';
import { decodeErrorBody, startRecordingServer } from './helpers/recording-server.ts';

const NULS = '\0'.repeat(8);
const PRELUDE_TYPE = 'application/vnd.awslambda.http-integration-response';

let server: RecordingServer;

beforeEach(async () => {
  server = await startRecordingServer();
});

afterEach(async () => {
  await server.close();
});

test('the JSON prelude and 8 NUL bytes go before the first write; a NUL in the prelude is escaped', async () => {
  const { stream, done } = createResponseStream({
    address: server.address,
    requestId: 'r',
    contentType: 'moon/flake',
  });
  const returned = HttpResponseStream.from(stream, { loc: 'mare\0tranquillitatis' });
  assert.equal(returned, stream);
  stream.write('ABC');
  stream.end('DEF');
  await done;
  const recorded = server.requests[0]!;
  assert.equal(recorded.headers['content-type'], PRELUDE_TYPE);
  assert.equal(recorded.body().toString('latin1'), `{"loc":"mare\\u0000tranquillitatis"}${NULS}ABCDEF`);
});

test('a full prelude (statusCode, headers, cookies, multiValueHeaders) is sent as given', async () => {
  const { stream, done } = createResponseStream({ address: server.address, requestId: 'r' });
  const prelude = {
    statusCode: 201,
    headers: { 'content-type': 'text/plain', 'x-a': 'b' },
    multiValueHeaders: { 'x-m': ['1', '2'] },
    cookies: ['a=1; Secure', 'b=2'],
  };
  HttpResponseStream.from(stream, prelude);
  stream.write(Buffer.from('hello'));
  stream.end();
  await done;
  assert.equal(server.requests[0]!.body().toString(), `${JSON.stringify(prelude)}${NULS}hello`);
});

test('end() with no write still sends the prelude and the NULs (AWS runtime issue #97)', async () => {
  const { stream, done } = createResponseStream({ address: server.address, requestId: 'r' });
  HttpResponseStream.from(stream, { statusCode: 204 });
  stream.end();
  await done;
  assert.equal(server.requests[0]!.body().toString(), `{"statusCode":204}${NULS}`);
  assert.deepEqual(server.requests[0]!.trailers, {});
});

test('end(chunk) with no write: prelude, NULs, then the chunk', async () => {
  const { stream, done } = createResponseStream({ address: server.address, requestId: 'r' });
  HttpResponseStream.from(stream, { statusCode: 404 });
  stream.end('Not Found');
  await done;
  assert.equal(server.requests[0]!.body().toString(), `{"statusCode":404}${NULS}Not Found`);
});

test('a failure before any write sends no prelude, only the trailers (as AWS)', async () => {
  const { stream, fail } = createResponseStream({ address: server.address, requestId: 'r' });
  HttpResponseStream.from(stream, { statusCode: 200 });
  await fail(new Error('nope'));
  const recorded = server.requests[0]!;
  assert.equal(recorded.received, 0);
  assert.equal(recorded.headers['content-type'], PRELUDE_TYPE);
  assert.equal(recorded.trailers['lambda-runtime-function-error-type'], 'Error');
  assert.equal(
    (decodeErrorBody(recorded.trailers['lambda-runtime-function-error-body']) as { errorMessage: string })
      .errorMessage,
    'nope',
  );
});

test('a failure after a write: prelude, body, then the trailers', async () => {
  const { stream, fail } = createResponseStream({ address: server.address, requestId: 'r' });
  HttpResponseStream.from(stream, { statusCode: 200 });
  stream.write('part');
  await fail(new Error('mid'));
  const recorded = server.requests[0]!;
  assert.equal(recorded.body().toString(), `{"statusCode":200}${NULS}part`);
  assert.equal(recorded.trailers['lambda-runtime-function-error-type'], 'Error');
});

test('from() after the first write throws, as setContentType does', async () => {
  const { stream, done } = createResponseStream({ address: server.address, requestId: 'r' });
  stream.write('x');
  assert.throws(() => HttpResponseStream.from(stream, { statusCode: 200 }), ContentTypeAfterWriteError);
  stream.end();
  await done;
  assert.equal(server.requests[0]!.body().toString(), 'x');
});
