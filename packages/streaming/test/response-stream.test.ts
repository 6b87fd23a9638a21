import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, test } from 'node:test';
import {
  ContentTypeAfterWriteError,
  createResponseStream,
  ResponseStreamConnectionError,
  ResponseStreamStatusError,
} from '../src/index.ts';
import type { RecordingServer, RequestListener } from './helpers/recording-server.ts';
import { closedPort, decodeErrorBody, startRecordingServer } from './helpers/recording-server.ts';

let server: RecordingServer | undefined;

async function start(onRequest?: RequestListener): Promise<RecordingServer> {
  server = await startRecordingServer(onRequest);
  return server;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TRAILER_DECLARATION = 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body';

describe('request', () => {
  test('sends exactly the streaming headers, on its own connection, to the response path', async () => {
    const s = await start();
    const { stream, done } = createResponseStream({ address: s.address, requestId: 'req/1 ü' });
    stream.end('x');
    await done;
    const recorded = await s.first();
    assert.equal(recorded.method, 'POST');
    assert.equal(recorded.url, '/2018-06-01/runtime/invocation/req%2F1%20%C3%BC/response');
    const names = recorded.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
    assert.deepEqual(names.sort(), [
      'connection',
      'content-type',
      'host',
      'lambda-runtime-function-response-mode',
      'trailer',
      'transfer-encoding',
    ]);
    assert.equal(recorded.headers['lambda-runtime-function-response-mode'], 'streaming');
    assert.equal(recorded.headers['transfer-encoding'], 'chunked');
    assert.equal(recorded.headers.trailer, TRAILER_DECLARATION);
    assert.equal(recorded.headers['content-type'], 'application/octet-stream');
    assert.equal(recorded.headers.connection, 'close');
    assert.deepEqual(recorded.trailers, {});
    assert.equal(recorded.body().toString(), 'x');
    assert.equal(stream.writableFinished, true);
  });

  test('each write reaches the server while the stream is still open', async () => {
    const s = await start();
    const { stream, done } = createResponseStream({ address: s.address, requestId: 'r' });
    assert.equal(stream.write('chunk-one;'), true);
    await s.waitFor(() => s.requests[0]?.body().toString() === 'chunk-one;');
    const secondWrittenAt = performance.now();
    const recorded = s.requests[0]!;
    assert.equal(recorded.ended, false);
    stream.write('chunk-two;');
    await s.waitFor(() => recorded.body().toString() === 'chunk-one;chunk-two;');
    assert.equal(recorded.ended, false);
    stream.end('three');
    await done;
    assert.equal(recorded.body().toString(), 'chunk-one;chunk-two;three');
    assert.ok(recorded.chunks.length >= 3, `${recorded.chunks.length} chunks`);
    assert.ok(recorded.chunks[0]!.at < secondWrittenAt);
  });

  test('content type: option, setContentType before the first write, too late after it', async () => {
    const s = await start();
    const a = createResponseStream({ address: s.address, requestId: 'a', contentType: 'moon/flake' });
    a.stream.end();
    await a.done;
    assert.equal(s.requests[0]!.headers['content-type'], 'moon/flake');

    const b = createResponseStream({ address: s.address, requestId: 'b', contentType: 'moon/flake' });
    b.stream.setContentType('moon/dust');
    b.stream.write(Buffer.from([1, 2, 3]));
    assert.throws(
      () => b.stream.setContentType('moon/trust'),
      (error: unknown) => {
        assert.ok(error instanceof ContentTypeAfterWriteError);
        assert.equal(error.name, 'Runtime.InvalidStreamingOperation');
        assert.equal(error.message, 'Cannot set content-type, too late.');
        assert.equal(error.code, 'ERR_CONTENT_TYPE_AFTER_WRITE');
        return true;
      },
    );
    b.stream.end();
    await b.done;
    assert.equal(s.requests[1]!.headers['content-type'], 'moon/dust');
    assert.deepEqual([...s.requests[1]!.body()], [1, 2, 3]);

    const c = createResponseStream({ address: s.address, requestId: 'c' });
    c.stream.end();
    assert.throws(() => c.stream.setContentType('late/too'), ContentTypeAfterWriteError);
    await c.done;
  });

  test('writes strings, Buffers, Uint8Arrays; any other value as its JSON (as AWS does)', async () => {
    const s = await start();
    const { stream, done } = createResponseStream({ address: s.address, requestId: 'r' });
    stream.write('a');
    stream.write(Buffer.from('b'));
    stream.write(new TextEncoder().encode('c'));
    stream.write({ moon: 'dust' });
    stream.write(42);
    stream.end([1]);
    await done;
    assert.equal((await s.first()).body().toString(), 'abc{"moon":"dust"}42[1]');
  });

  test('a Readable pipes into it', async () => {
    const s = await start();
    const { stream, done } = createResponseStream({ address: s.address, requestId: 'r' });
    async function* parts() {
      for (let i = 0; i < 100; i++) yield String(i % 10).repeat(1024);
    }
    await pipeline(Readable.from(parts()), stream);
    await done;
    let expected = '';
    for await (const part of parts()) expected += part;
    assert.equal((await s.first()).body().toString(), expected);
  });
});

describe('fail', () => {
  test('mid-stream: the body keeps what was written, the error goes in both trailers', async () => {
    const s = await start();
    const { stream, done, fail } = createResponseStream({ address: s.address, requestId: 'r' });
    stream.write('partial ');
    stream.write('body');
    await s.waitFor(() => s.requests[0]?.received === 12);
    const error = new TypeError('boom');
    await fail(error);
    await done;
    const recorded = s.requests[0]!;
    assert.equal(recorded.body().toString(), 'partial body');
    assert.equal(recorded.trailers['lambda-runtime-function-error-type'], 'TypeError');
    assert.deepEqual(decodeErrorBody(recorded.trailers['lambda-runtime-function-error-body']), {
      errorType: 'TypeError',
      errorMessage: 'boom',
      trace: error.stack!.split('\n'),
    });
  });

  test('before any write: empty body, trailers; a non-Error value as AWS formats it', async () => {
    const s = await start();
    const { done, fail } = createResponseStream({ address: s.address, requestId: 'r' });
    await fail(42);
    await done;
    const recorded = s.requests[0]!;
    assert.equal(recorded.received, 0);
    assert.equal(recorded.headers['content-type'], 'application/octet-stream');
    assert.equal(recorded.trailers['lambda-runtime-function-error-type'], 'number');
    assert.deepEqual(decodeErrorBody(recorded.trailers['lambda-runtime-function-error-body']), {
      errorType: 'number',
      errorMessage: '42',
      trace: [],
    });
  });

  test('right after end() (a handler that ends and then throws): still in the trailers', async () => {
    const s = await start();
    const { stream, done, fail } = createResponseStream({ address: s.address, requestId: 'r' });
    stream.write('a');
    stream.end('b');
    await Promise.resolve();
    await fail(new RangeError('after end'));
    await done;
    const recorded = s.requests[0]!;
    assert.equal(recorded.body().toString(), 'ab');
    assert.equal(recorded.trailers['lambda-runtime-function-error-type'], 'RangeError');
  });

  test('after the stream finished: a no-op that resolves; a second fail keeps the first error', async () => {
    const s = await start();
    const one = createResponseStream({ address: s.address, requestId: 'one' });
    one.stream.end('ok');
    await one.done;
    await one.fail(new Error('too late'));
    assert.deepEqual(s.requests[0]!.trailers, {});
    assert.equal(s.requests.length, 1);

    const two = createResponseStream({ address: s.address, requestId: 'two' });
    const first = two.fail(new Error('first'));
    const second = two.fail(new Error('second'));
    await Promise.all([first, second, two.done]);
    const body = decodeErrorBody(s.requests[1]!.trailers['lambda-runtime-function-error-body']);
    assert.equal((body as { errorMessage: string }).errorMessage, 'first');
  });

  test('an error type a header cannot carry is percent-encoded; the body trailer keeps it exactly', async () => {
    const s = await start();
    const { fail } = createResponseStream({ address: s.address, requestId: 'r' });
    const error = new Error('odd');
    error.name = 'Erreur\nspéciale';
    await fail(error);
    const recorded = s.requests[0]!;
    assert.equal(recorded.trailers['lambda-runtime-function-error-type'], 'Erreur%0Asp%C3%A9ciale');
    const body = decodeErrorBody(recorded.trailers['lambda-runtime-function-error-body']) as {
      errorType: string;
    };
    assert.equal(body.errorType, 'Erreur\nspéciale');
  });

  test('destroy(err) by the user becomes fail(err); destroy() becomes a destroyed error', async () => {
    const s = await start();
    const one = createResponseStream({ address: s.address, requestId: 'one' });
    one.stream.write('x');
    one.stream.destroy(new SyntaxError('user gave up'));
    await one.done;
    assert.equal(s.requests[0]!.body().toString(), 'x');
    assert.equal(s.requests[0]!.trailers['lambda-runtime-function-error-type'], 'SyntaxError');

    const two = createResponseStream({ address: s.address, requestId: 'two' });
    two.stream.destroy();
    await two.done;
    assert.equal(
      s.requests[1]!.trailers['lambda-runtime-function-error-type'],
      'ResponseStreamDestroyedError',
    );
    await two.fail(new Error('ignored'));
  });
});

describe('flow', () => {
  test('backpressure: a writer that honours write() stays within the highWaterMark while the server stalls', async () => {
    let resume: () => void = () => {};
    const s = await start((recorded) => {
      recorded.req.pause();
      resume = () => recorded.req.resume();
      recorded.req.on('end', () => {
        recorded.res.writeHead(202);
        recorded.res.end('{"status":"OK"}');
      });
    });
    const highWaterMark = 64 * 1024;
    const chunkSize = 16 * 1024;
    const total = 24 * 1024 * 1024;
    const { stream, done } = createResponseStream({ address: s.address, requestId: 'r', highWaterMark });
    assert.equal(stream.writableHighWaterMark, highWaterMark);
    const hash = createHash('sha256');
    let accepted = 0;
    let maxBuffered = 0;
    let waits = 0;
    let blocked: (() => void) | undefined;
    const firstBlock = new Promise<void>((resolve) => {
      blocked = resolve;
    });
    const writer = (async () => {
      let i = 0;
      while (accepted < total) {
        const chunk = Buffer.alloc(chunkSize, i++ % 251);
        hash.update(chunk);
        accepted += chunk.length;
        const ok = stream.write(chunk);
        maxBuffered = Math.max(maxBuffered, stream.writableLength);
        if (!ok) {
          waits++;
          const drained = new Promise((resolve) => stream.once('drain', resolve));
          // Blocked for real: the kernel's socket buffers are full too.
          const timer = setTimeout(() => blocked?.(), 200);
          await drained;
          clearTimeout(timer);
        }
      }
      stream.end();
    })();
    await firstBlock;
    // The writer stalls once the kernel's socket buffers are full (a few MB on loopback): wait until its
    // progress stops for 200 ms (a loaded machine may need a few rounds).
    let acceptedWhileStalled = -1;
    for (let round = 0; round < 20 && accepted !== acceptedWhileStalled; round++) {
      acceptedWhileStalled = accepted;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(accepted, acceptedWhileStalled, 'the writer made no progress while the server was paused');
    assert.ok(acceptedWhileStalled < total);
    assert.ok(stream.writableLength <= highWaterMark, `${stream.writableLength} bytes buffered`);
    resume();
    await writer;
    await done;
    const recorded = s.requests[0]!;
    assert.equal(recorded.received, total);
    assert.equal(createHash('sha256').update(recorded.body()).digest('hex'), hash.digest('hex'));
    assert.ok(maxBuffered <= highWaterMark, `max ${maxBuffered} bytes buffered`);
    assert.ok(waits > 0);
  });

  test('a 20 MB stream of uneven writes arrives intact', async () => {
    const s = await start();
    const { stream, done } = createResponseStream({ address: s.address, requestId: 'r' });
    const total = 20 * 1024 * 1024;
    const hash = createHash('sha256');
    let sent = 0;
    let n = 0;
    while (sent < total) {
      const size = Math.min(total - sent, 1 + ((n * 7919) % 300_000));
      const chunk = Buffer.alloc(size, n++ % 256);
      hash.update(chunk);
      sent += size;
      if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
    }
    stream.end();
    await done;
    const recorded = s.requests[0]!;
    assert.equal(recorded.received, total);
    assert.equal(createHash('sha256').update(recorded.body()).digest('hex'), hash.digest('hex'));
    assert.deepEqual(recorded.trailers, {});
  });
});

describe('failures of the request', () => {
  test('the Runtime API answers 500: done rejects with the status and body', async () => {
    const s = await start((recorded) => {
      recorded.req.resume();
      recorded.req.on('end', () => {
        recorded.res.writeHead(500, { 'content-type': 'application/json' });
        recorded.res.end('{"errorMessage":"boom","errorType":"InternalError"}');
      });
    });
    const { stream, done, fail } = createResponseStream({ address: s.address, requestId: 'r' });
    stream.end('body');
    await assert.rejects(done, (error: unknown) => {
      assert.ok(error instanceof ResponseStreamStatusError);
      assert.equal(error.code, 'ERR_RESPONSE_STREAM_STATUS');
      assert.equal(error.statusCode, 500);
      assert.equal(error.body, '{"errorMessage":"boom","errorType":"InternalError"}');
      assert.match(error.message, /500/);
      assert.match(error.message, /InternalError/);
      return true;
    });
    await fail(new Error('after the answer'));
  });

  test('the server resets the connection mid-stream: done rejects with a connection error', async () => {
    const s = await start((recorded) => {
      recorded.req.once('data', () => recorded.req.socket.resetAndDestroy());
    });
    const { stream, done } = createResponseStream({ address: s.address, requestId: 'r' });
    stream.write('first');
    await assert.rejects(done, (error: unknown) => {
      assert.ok(error instanceof ResponseStreamConnectionError);
      assert.equal(error.code, 'ERR_RESPONSE_STREAM_CONNECTION');
      assert.ok(error.cause instanceof Error);
      return true;
    });
    assert.equal(stream.destroyed, true);
    const late = await new Promise<Error | null | undefined>((resolve) => stream.write('late', resolve));
    assert.ok(late instanceof Error);
  });

  test('a write waiting for drain is released with the error when the connection dies', async () => {
    const s = await start((recorded) => {
      recorded.req.pause();
      setTimeout(() => recorded.req.socket.resetAndDestroy(), 300);
    });
    const { stream, done } = createResponseStream({
      address: s.address,
      requestId: 'r',
      highWaterMark: 1024,
    });
    done.catch(() => {});
    const chunk = Buffer.alloc(256 * 1024);
    let blockedWrite: Promise<Error | null | undefined> | undefined;
    const closed = new Promise((resolve) => stream.once('close', resolve));
    for (let i = 0; i < 1000 && !stream.destroyed; i++) {
      let ok = true;
      const written = new Promise<Error | null | undefined>((resolve) => {
        ok = stream.write(chunk, resolve);
      });
      if (!ok) blockedWrite = written;
      if (blockedWrite) {
        const drained = new Promise((resolve) => stream.once('drain', resolve));
        const which = await Promise.race([closed.then(() => 'closed'), drained.then(() => 'drained')]);
        stream.removeAllListeners('drain');
        if (which === 'closed') break;
        blockedWrite = undefined;
      }
    }
    assert.ok(blockedWrite, 'a write was waiting when the connection died');
    assert.ok((await blockedWrite) instanceof Error);
    await assert.rejects(done, ResponseStreamConnectionError);
    assert.equal(stream.destroyed, true);
  });

  test('nothing listens on the port: done rejects with a connection error', async () => {
    const port = await closedPort();
    const { stream, done } = createResponseStream({ address: `127.0.0.1:${port}`, requestId: 'r' });
    stream.end('x');
    await assert.rejects(done, ResponseStreamConnectionError);
  });
});
