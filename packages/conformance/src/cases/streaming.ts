import assert from 'node:assert/strict';
import type { ConformanceCase } from '../case-types.ts';
import { invocationError, streamed } from '../expect.ts';

const PRELUDE_TYPE = 'application/vnd.awslambda.http-integration-response';

/** Splits an HttpResponseStream body into its JSON prelude and the payload after the 8 NUL bytes. */
function splitPrelude(body: Buffer): { prelude: Record<string, unknown>; payload: string } {
  const separator = body.indexOf(Buffer.alloc(8));
  assert.ok(separator > 0, 'the prelude is followed by 8 NUL bytes');
  return {
    prelude: JSON.parse(body.subarray(0, separator).toString('utf8')),
    payload: body.subarray(separator + 8).toString('utf8'),
  };
}

export const streamingCases: ConformanceCase[] = [
  {
    name: 'streamed chunks leave as they are written, with the streaming headers',
    js: { fixture: 'js/streaming', handler: 'index.chunks' },
    python: { fixture: 'python/streaming', handler: 'app.chunks' },
    events: [{ event: {} }, { event: {} }],
    check: (r) => {
      for (const index of [0, 1]) {
        const s = streamed(r, index);
        assert.equal(s.text, 'chunk-0;chunk-1;chunk-2;');
        assert.match(String(s.contentType), /^text\/plain/);
        assert.equal(s.errorType, undefined);
        const times = s.request.chunks.filter((c) => c.data.length > 0).map((c) => c.at);
        assert.ok(times.length >= 3, `three separate chunks arrived (got ${times.length})`);
        assert.ok(times.at(-1)! - times[0]! >= 200, 'chunks arrived over time, not all at the end');
      }
    },
  },
  {
    name: 'streamed response defaults to application/octet-stream',
    js: { fixture: 'js/streaming', handler: 'index.defaultType' },
    python: { fixture: 'python/streaming', handler: 'app.default_type' },
    events: [{ event: {} }],
    check: (r) => {
      const s = streamed(r);
      assert.equal(s.contentType, 'application/octet-stream');
      assert.equal(s.text, 'bytes');
    },
  },
  {
    name: 'a Readable piped into the response stream',
    js: { fixture: 'js/streaming', handler: 'index.piped' },
    python: { fixture: 'python/streaming', handler: 'app.piped' },
    events: [{ event: {} }],
    check: (r) => assert.equal(streamed(r).text, 'abc✓'),
  },
  {
    name: 'HttpResponseStream: prelude, 8 NUL bytes, then the body',
    js: { fixture: 'js/streaming', handler: 'index.http' },
    python: { fixture: 'python/streaming', handler: 'app.http' },
    events: [{ event: {} }],
    check: (r) => {
      const s = streamed(r);
      assert.equal(s.contentType, PRELUDE_TYPE);
      const { prelude, payload } = splitPrelude(s.body);
      assert.deepEqual(prelude, {
        statusCode: 201,
        headers: { 'x-engine': 'conformance' },
        cookies: ['a=1', 'b=2'],
      });
      assert.equal(payload, '<h1>streamed</h1>');
    },
  },
  {
    name: 'HttpResponseStream with end() and no write still sends the prelude',
    js: { fixture: 'js/streaming', handler: 'index.httpNoBody' },
    python: { fixture: 'python/streaming', handler: 'app.http_no_body' },
    events: [{ event: {} }],
    check: (r) => {
      const s = streamed(r);
      assert.equal(s.contentType, PRELUDE_TYPE);
      const { prelude, payload } = splitPrelude(s.body);
      assert.equal(prelude.statusCode, 204);
      assert.equal(payload, '');
    },
  },
  {
    name: 'mid-stream error ends the body with both error trailers',
    js: { fixture: 'js/streaming', handler: 'index.midStreamError' },
    python: { fixture: 'python/streaming', handler: 'app.mid_stream_error' },
    events: [{ event: {} }, { event: {} }],
    check: (r, engine) => {
      for (const index of [0, 1]) {
        const s = streamed(r, index);
        assert.equal(s.text, 'partial;', 'the error is never written as body text');
        const errorType = engine === 'python' ? 'ValueError' : 'RangeError';
        assert.equal(s.errorType, errorType);
        assert.equal(s.errorBody?.errorType, errorType);
        assert.equal(s.errorBody?.errorMessage, 'failed after the first chunk');
      }
    },
  },
  {
    name: 'error before the first write still reports through trailers',
    js: { fixture: 'js/streaming', handler: 'index.errorBeforeWrite' },
    python: { fixture: 'python/streaming', handler: 'app.error_before_write' },
    events: [{ event: {} }],
    check: (r, engine) => {
      if (engine === 'python') {
        // A Python stream is the iterator the handler returns, and its first item may set the
        // Content-Type (awslambda_content_type / awslambda_http_prelude), so the streamed POST
        // cannot start before the first yield: an error before it is an ordinary /error.
        invocationError(r, engine, { errorType: 'Exception', errorMessage: 'failed before writing' });
        return;
      }
      const s = streamed(r);
      assert.equal(s.text, '');
      assert.equal(s.errorType, 'Error');
      assert.equal(s.errorBody?.errorMessage, 'failed before writing');
    },
  },
  {
    name: 'a handler that resolves without end(): the runtime ends the stream',
    js: { fixture: 'js/streaming', handler: 'index.neverEnds' },
    python: { notApplicable: 'a returned iterator ends when it is exhausted: there is no end() to forget' },
    events: [{ event: {} }, { event: {} }],
    check: (r) => {
      assert.equal(streamed(r, 0).text, 'unterminated');
      assert.equal(streamed(r, 0).errorType, undefined);
      assert.equal(streamed(r, 1).text, 'unterminated');
    },
  },
  {
    name: 'a non-async streaming handler is refused as the managed runtime does',
    js: { fixture: 'js/streaming', handler: 'index.notAsync' },
    python: {
      notApplicable:
        'no streamifyResponse in Python: the returned generator is the stream, and it is synchronous',
    },
    events: [{ event: {} }],
    check: (r) => {
      const s = streamed(r);
      assert.equal(s.errorBody?.errorMessage, 'Streaming does not support non-async handlers.');
    },
  },
  {
    name: '8 MB stream with backpressure arrives intact',
    js: { fixture: 'js/streaming', handler: 'index.big' },
    python: { fixture: 'python/streaming', handler: 'app.big' },
    events: [{ event: { chunks: 128 } }],
    check: (r) => {
      const s = streamed(r);
      assert.equal(s.body.length, 128 * 64 * 1024);
      assert.equal(s.body.indexOf('a'), -1);
      assert.equal(s.errorType, undefined);
    },
  },
];
