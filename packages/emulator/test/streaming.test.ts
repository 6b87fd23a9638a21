import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { event, json, start } from './helpers.ts';

interface Timed {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  trailers: Record<string, string | undefined>;
  chunks: { at: number; data: string }[];
  endedAt: number;
}

/** Invokes with node:http and records when each chunk arrived (ms after the request was sent). */
function timedInvoke(url: string, body: string, pauseMs = 0): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(`${url}/2015-03-31/functions/function/invocations`, { method: 'POST' }, (res) => {
      const chunks: Timed['chunks'] = [];
      if (pauseMs > 0) {
        res.pause();
        setTimeout(() => res.resume(), pauseMs);
      }
      res.on('data', (chunk: Buffer) =>
        chunks.push({ at: performance.now() - started, data: chunk.toString() }),
      );
      res.on('end', () =>
        resolve({
          statusCode: res.statusCode ?? 0,
          headers: res.headers,
          trailers: res.trailers,
          chunks,
          endedAt: performance.now() - started,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a streamed response reaches the caller as it is written, not at the end', async (t) => {
  const { emulator } = await start(t);
  await emulator.invoke('{}'); // warm
  const result = await timedInvoke(
    emulator.url,
    event({
      action: 'stream',
      chunks: ['first,', 'second,', 'third'],
      delayMs: 300,
      contentType: 'text/plain',
    }),
  );
  assert.equal(result.statusCode, 200);
  assert.equal(result.headers['content-type'], 'text/plain');
  assert.equal(result.headers['transfer-encoding'], 'chunked');
  assert.equal(result.headers['lambda-runtime-function-response-mode'], 'streaming');
  assert.equal(result.chunks.map((c) => c.data).join(''), 'first,second,third');
  const first = result.chunks[0]!;
  assert.equal(first.data, 'first,');
  assert.ok(first.at < 250, `first chunk after ${first.at.toFixed(0)} ms`);
  assert.ok(
    result.endedAt - first.at >= 500,
    `end ${result.endedAt.toFixed(0)} ms, first ${first.at.toFixed(0)} ms`,
  );
  assert.deepEqual(result.trailers, {});
  const statuses = json((await emulator.invoke(event({ action: 'statuses' }))).body);
  assert.equal(statuses.stream, 202);
});

test('a mid-stream error reaches the caller as trailers (type, base64 body, X-Amz-Function-Error)', async (t) => {
  const { emulator } = await start(t);
  const error = { errorType: 'StreamError', errorMessage: 'broke mid-stream' };
  const raw = await timedInvoke(emulator.url, event({ action: 'stream', chunks: ['partial'], error }));
  assert.equal(raw.statusCode, 200);
  assert.equal(raw.chunks.map((c) => c.data).join(''), 'partial');
  assert.match(String(raw.headers.trailer), /Lambda-Runtime-Function-Error-Type/);
  assert.equal(raw.trailers['lambda-runtime-function-error-type'], 'StreamError');
  assert.deepEqual(
    JSON.parse(Buffer.from(raw.trailers['lambda-runtime-function-error-body']!, 'base64').toString()),
    error,
  );
  assert.equal(raw.trailers['x-amz-function-error'], 'Unhandled');

  // invoke() merges the trailers and reports the function error.
  const result = await emulator.invoke(event({ action: 'stream', chunks: ['partial'], error }));
  assert.equal(result.functionError, 'Unhandled');
  assert.equal(result.body.toString(), 'partial');
  assert.equal(result.trailers['lambda-runtime-function-error-type'], 'StreamError');
});

test('a streamed error before any byte is a plain function error', async (t) => {
  const { emulator } = await start(t);
  const error = { errorType: 'EarlyError', errorMessage: 'nothing written' };
  const result = await emulator.invoke(event({ action: 'stream', chunks: [], error }));
  assert.equal(result.statusCode, 200);
  assert.equal(result.headers['x-amz-function-error'], 'Unhandled');
  assert.deepEqual(json(result.body), error);
  assert.deepEqual(result.trailers, {});
});

test('a timeout mid-stream ends the stream with Sandbox.Timedout trailers', async (t) => {
  const { emulator } = await start(t, { timeoutSeconds: 0.4 });
  const result = await timedInvoke(
    emulator.url,
    event({ action: 'stream', chunks: ['a', 'b', 'c', 'd'], delayMs: 250 }),
  );
  assert.equal(result.statusCode, 200);
  assert.equal(result.chunks.map((c) => c.data).join(''), 'ab');
  assert.equal(result.trailers['lambda-runtime-function-error-type'], 'Sandbox.Timedout');
  assert.equal(result.trailers['x-amz-function-error'], 'Unhandled');
  const next = await emulator.invoke(event({ n: 1 }));
  assert.deepEqual(json(next.body), { n: 1 });
});

test('a runtime crash mid-stream ends the stream with Runtime.ExitError trailers', async (t) => {
  const { emulator } = await start(t);
  const result = await emulator.invoke(event({ action: 'stream-then-exit' }));
  assert.equal(result.statusCode, 200);
  assert.equal(result.body.toString(), 'before the crash');
  assert.equal(result.functionError, 'Unhandled');
  assert.equal(result.trailers['lambda-runtime-function-error-type'], 'Runtime.ExitError');
  const body = JSON.parse(
    Buffer.from(result.trailers['lambda-runtime-function-error-body']!, 'base64').toString(),
  );
  assert.match(body.errorMessage, /Runtime exited with error: exit status 4$/);
  assert.deepEqual(json((await emulator.invoke(event({ n: 1 }))).body), { n: 1 });
});

test('http-integration-response streams pass through raw (prelude, 8 NULs, body)', async (t) => {
  const { emulator } = await start(t);
  const prelude = JSON.stringify({ statusCode: 201, headers: { 'x-a': 'b' }, cookies: [] });
  const result = await emulator.invoke(
    event({
      action: 'stream',
      chunks: [prelude, '\u0000'.repeat(8), 'hello'],
      contentType: 'application/vnd.awslambda.http-integration-response',
    }),
  );
  assert.equal(result.headers['content-type'], 'application/vnd.awslambda.http-integration-response');
  assert.equal(result.body.toString(), `${prelude}${'\u0000'.repeat(8)}hello`);
});

test('a large stream to a slow reader arrives whole (beyond the 6 MB buffered limit)', async (t) => {
  const { emulator } = await start(t);
  const chunkSize = 64 * 1024;
  const count = 128; // 8 MiB
  const result = await timedInvoke(emulator.url, event({ action: 'many-chunks', chunkSize, count }), 300);
  assert.equal(result.statusCode, 200);
  const total = result.chunks.reduce((n, c) => n + c.data.length, 0);
  assert.equal(total, chunkSize * count);
  assert.deepEqual(result.trailers, {});
});

test('streaming respects backpressure: a paused caller holds the runtime back', async (t) => {
  const { emulator } = await start(t);
  await emulator.invoke('{}'); // warm
  const chunkSize = 64 * 1024;
  const count = 512; // 32 MiB, far more than the socket buffers between runtime, emulator and caller
  const pauseMs = 800;
  const sentAt = Date.now();
  const result = await timedInvoke(emulator.url, event({ action: 'many-chunks', chunkSize, count }), pauseMs);
  assert.equal(
    result.chunks.reduce((n, c) => n + c.data.length, 0),
    chunkSize * count,
  );
  const { streamEndedAt } = json((await emulator.invoke(event({ action: 'statuses' }))).body);
  assert.ok(
    streamEndedAt >= sentAt + pauseMs,
    `the runtime finished writing ${streamEndedAt - sentAt} ms after the invoke, before the caller read`,
  );
});
