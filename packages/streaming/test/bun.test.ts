import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RecordingServer, RequestListener } from './helpers/recording-server.ts';
import { decodeErrorBody, startRecordingServer } from './helpers/recording-server.ts';

// The same key cases as the Node tests, run by Bun on the built package (`pnpm build` first), against a
// Node server that records what arrived.
const script = fileURLToPath(new URL('./fixtures/bun-client.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const hasBun = spawnSync('bun', ['--version']).status === 0;
const NULS = '\0'.repeat(8);

let server: RecordingServer | undefined;
let child: ChildProcessWithoutNullStreams | undefined;

afterEach(async () => {
  child?.kill();
  child = undefined;
  await server?.close();
  server = undefined;
});

interface Report {
  engine: string;
  done: 'resolved' | 'rejected';
  writableFinished?: boolean;
  maxBuffered?: number;
  highWaterMark?: number;
  error?: { name: string; code: string; message: string };
}

function runBun(scenario: string): { next(): void; report: Promise<Report> } {
  const proc = spawn('bun', [script, server!.address, scenario], { stdio: 'pipe' });
  child = proc;
  let out = '';
  let err = '';
  proc.stdout.on('data', (data: Buffer) => {
    out += data;
  });
  proc.stderr.on('data', (data: Buffer) => {
    err += data;
  });
  const report = new Promise<Report>((resolve, reject) => {
    proc.on('close', (code) => {
      try {
        resolve(JSON.parse(out.trim()) as Report);
      } catch {
        reject(new Error(`bun exited ${code}: ${out}${err}`));
      }
    });
  });
  return { next: () => proc.stdin.write('\n'), report };
}

async function start(onRequest?: RequestListener): Promise<RecordingServer> {
  server = await startRecordingServer(onRequest);
  return server;
}

describe('under Bun (built dist)', { skip: hasBun ? false : 'bun is not on PATH' }, () => {
  before(() => {
    assert.ok(existsSync(dist), 'dist/index.js is missing: run `pnpm build` in packages/streaming first');
  });

  test('headers, and each chunk reaches the server before the next is written', async () => {
    const s = await start();
    const run = runBun('chunks');
    await s.waitFor(() => s.requests[0]?.body().toString() === 'chunk-one;');
    const recorded = s.requests[0]!;
    assert.equal(recorded.ended, false);
    run.next();
    await s.waitFor(() => recorded.body().toString() === 'chunk-one;chunk-two;');
    assert.equal(recorded.ended, false);
    run.next();
    const report = await run.report;
    assert.equal(report.engine, 'bun');
    assert.equal(report.done, 'resolved');
    assert.equal(report.writableFinished, true);
    assert.equal(recorded.body().toString(), 'chunk-one;chunk-two;three');
    assert.equal(recorded.url, '/2018-06-01/runtime/invocation/chunks/response');
    assert.equal(recorded.headers['lambda-runtime-function-response-mode'], 'streaming');
    assert.equal(recorded.headers['transfer-encoding'], 'chunked');
    assert.equal(
      recorded.headers.trailer,
      'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
    );
    assert.equal(recorded.headers['content-type'], 'application/octet-stream');
    assert.equal(recorded.headers.connection, 'close');
    assert.deepEqual(recorded.trailers, {});
  });

  test('fail mid-stream and before any write: both trailers', async () => {
    const s = await start();
    const run = runBun('fail');
    await s.waitFor(() => s.requests[0]?.received === 8);
    run.next();
    assert.equal((await run.report).done, 'resolved');
    const recorded = s.requests[0]!;
    assert.equal(recorded.body().toString(), 'partial ');
    assert.equal(recorded.trailers['lambda-runtime-function-error-type'], 'TypeError');
    const body = decodeErrorBody(recorded.trailers['lambda-runtime-function-error-body']) as Record<
      string,
      unknown
    >;
    assert.equal(body.errorType, 'TypeError');
    assert.equal(body.errorMessage, 'boom');
    assert.ok(Array.isArray(body.trace) && body.trace.length > 1);

    const empty = runBun('fail-empty');
    assert.equal((await empty.report).done, 'resolved');
    const second = s.requests[1]!;
    assert.equal(second.received, 0);
    assert.equal(second.trailers['lambda-runtime-function-error-type'], 'number');
    assert.deepEqual(decodeErrorBody(second.trailers['lambda-runtime-function-error-body']), {
      errorType: 'number',
      errorMessage: '42',
      trace: [],
    });
  });

  test('HttpResponseStream prelude + 8 NULs, with a write and with end() alone', async () => {
    const s = await start();
    assert.equal((await runBun('prelude').report).done, 'resolved');
    assert.equal(
      s.requests[0]!.headers['content-type'],
      'application/vnd.awslambda.http-integration-response',
    );
    assert.equal(
      s.requests[0]!.body().toString(),
      `{"statusCode":201,"headers":{"x-a":"b"},"cookies":["c=1"]}${NULS}ABC`,
    );
    assert.equal((await runBun('prelude-empty').report).done, 'resolved');
    assert.equal(s.requests[1]!.body().toString(), `{"statusCode":204}${NULS}`);
  });

  test('backpressure against a stalling server, and a 500 answer rejects done', async () => {
    const s = await start((recorded) => {
      recorded.req.pause();
      setTimeout(() => recorded.req.resume(), 300);
      recorded.req.on('end', () => {
        const status = recorded.url.includes('/backpressure/') ? 202 : 500;
        recorded.res.writeHead(status);
        recorded.res.end(status === 202 ? '{"status":"OK"}' : '{"errorType":"Boom"}');
      });
    });
    const report = await runBun('backpressure').report;
    assert.equal(report.done, 'resolved');
    assert.equal(s.requests[0]!.received, 8 * 1024 * 1024);
    assert.ok(report.maxBuffered! <= report.highWaterMark!, `max ${report.maxBuffered} buffered`);

    const failed = await runBun('prelude-empty').report;
    assert.equal(failed.done, 'rejected');
    assert.equal(failed.error?.code, 'ERR_RESPONSE_STREAM_STATUS');
    assert.match(failed.error!.message, /500.*Boom/);
  });
});
