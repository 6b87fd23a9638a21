import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ConformanceCase } from '../case-types.ts';
import { invocationError, responseJson, streamed } from '../expect.ts';
import { sampleEvent } from '../fixtures-dir.ts';

const notPython = { notApplicable: 'web-standard fetch handlers are a JavaScript-engine feature' };

interface Echo {
  method: string;
  url: string;
  pathname: string;
  query: Array<[string, string]>;
  cookie: string | null;
  contentType: string | null;
  bodyText: string;
  bodyLength: number;
  bodySha256: string;
}

type Result = Record<string, unknown> & { statusCode: number; body: string; isBase64Encoded: boolean };

function echoOf(result: Result): Echo {
  assert.equal(result.isBase64Encoded, false);
  return JSON.parse(result.body) as Echo;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export const fetchHandlerCases: ConformanceCase[] = [
  {
    name: 'fetch handler, API Gateway REST (v1): request and multi-value result',
    js: { fixture: 'js/fetch', handler: 'echo.default' },
    python: notPython,
    events: [{ event: sampleEvent('apigw-v1-rest') }],
    check: (r) => {
      const result = responseJson(r) as Result;
      assert.equal(result.statusCode, 201);
      const echo = echoOf(result);
      assert.equal(echo.method, 'POST');
      assert.equal(echo.pathname, '/hello/world');
      assert.deepEqual(echo.query, [['name', 'me']]);
      assert.equal(echo.bodyText, '{\r\n\t"a": 1\r\n}');
      const multi = result.multiValueHeaders as Record<string, string[]>;
      assert.deepEqual(multi['set-cookie'], ['a=1; Path=/', 'b=2; HttpOnly']);
      assert.equal((result.headers as Record<string, string>)['x-engine-test'], 'yes');
    },
  },
  {
    name: 'fetch handler, HTTP API (v2): cookies in, cookies out, repeated query keys',
    js: { fixture: 'js/fetch', handler: 'echo.default' },
    python: notPython,
    events: [{ event: sampleEvent('apigw-v2') }],
    check: (r) => {
      const result = responseJson(r) as Result;
      assert.equal(result.statusCode, 201);
      const echo = echoOf(result);
      assert.equal(echo.pathname, '/my/path');
      assert.deepEqual(echo.query, [
        ['parameter1', 'value1'],
        ['parameter1', 'value2'],
        ['parameter2', 'value'],
      ]);
      assert.equal(echo.cookie, 'cookie1; cookie2');
      assert.equal(echo.bodyText, 'Hello from Lambda');
      assert.deepEqual(result.cookies, ['a=1; Path=/', 'b=2; HttpOnly']);
      assert.equal((result.headers as Record<string, string>)['set-cookie'], undefined);
    },
  },
  {
    name: 'fetch handler, Lambda function URL',
    js: { fixture: 'js/fetch', handler: 'echo.default' },
    python: notPython,
    events: [{ event: sampleEvent('function-url') }],
    check: (r) => {
      const result = responseJson(r) as Result;
      const echo = echoOf(result);
      assert.match(
        echo.url,
        /^https:\/\/[^/]+\.lambda-url\.[a-z0-9-]+\.on\.aws\/my\/path\?parameter1=value1/,
      );
      assert.equal(echo.bodyText, 'Hello from client!');
      assert.deepEqual(result.cookies, ['a=1; Path=/', 'b=2; HttpOnly']);
    },
  },
  {
    name: 'fetch handler, ALB single-value headers: status description',
    js: { fixture: 'js/fetch', handler: 'echo.default' },
    python: notPython,
    events: [{ event: sampleEvent('alb') }],
    check: (r) => {
      const result = responseJson(r) as Result;
      assert.equal(result.statusCode, 201);
      assert.equal(result.statusDescription, '201 Created');
      const echo = echoOf(result);
      assert.equal(echo.method, 'GET');
      assert.deepEqual(echo.query, [['myKey', 'val2']]);
      assert.ok(result.headers, 'single-value headers for a single-value event');
      assert.equal(result.multiValueHeaders, undefined);
    },
  },
  {
    name: 'fetch handler, ALB multi-value headers: encoded query kept, repeated keys',
    js: { fixture: 'js/fetch', handler: 'echo.default' },
    python: notPython,
    events: [{ event: sampleEvent('alb-multi-value') }],
    check: (r) => {
      const result = responseJson(r) as Result;
      const echo = echoOf(result);
      assert.equal(echo.method, 'POST');
      assert.deepEqual(
        echo.query.filter(([k]) => k === 'myKey'),
        [
          ['myKey', 'val1'],
          ['myKey', 'val2'],
        ],
      );
      assert.ok(echo.query.some(([k, v]) => k === 'q' && v === 'café au lait'));
      const multi = result.multiValueHeaders as Record<string, string[]>;
      assert.deepEqual(multi['set-cookie'], ['a=1; Path=/', 'b=2; HttpOnly']);
    },
  },
  {
    name: 'fetch handler, base64 binary request body reaches the handler byte for byte',
    js: { fixture: 'js/fetch', handler: 'echo.default' },
    python: notPython,
    events: [{ event: sampleEvent('apigw-v1-binary') }, { event: sampleEvent('function-url-binary') }],
    check: (r) => {
      for (const [index, name] of [
        [0, 'apigw-v1-binary'],
        [1, 'function-url-binary'],
      ] as const) {
        const event = sampleEvent(name);
        const bytes = Buffer.from(String(event.body), 'base64');
        const echo = echoOf(responseJson(r, index) as Result);
        assert.equal(echo.bodyLength, bytes.length);
        assert.equal(echo.bodySha256, sha256(bytes));
      }
    },
  },
  {
    name: 'fetch handler, binary response is base64-encoded',
    js: { fixture: 'js/fetch', handler: 'binary.default' },
    python: notPython,
    events: [{ event: sampleEvent('function-url') }, { event: sampleEvent('apigw-v1-rest') }],
    check: (r) => {
      for (const index of [0, 1]) {
        const result = responseJson(r, index) as Result;
        assert.equal(result.isBase64Encoded, true);
        assert.deepEqual(
          [...Buffer.from(result.body, 'base64')],
          Array.from({ length: 256 }, (_, i) => i),
        );
      }
    },
  },
  {
    name: 'fetch handler, unicode path, query, cookies and body',
    js: { fixture: 'js/fetch', handler: 'echo.default' },
    python: notPython,
    events: [{ event: sampleEvent('apigw-v2-unicode') }],
    check: (r) => {
      const echo = echoOf(responseJson(r) as Result);
      assert.equal(echo.pathname, '/café/日本 語/what?.txt');
      assert.ok(echo.query.some(([k, v]) => k === 'q' && v === '日本'));
      assert.ok(echo.query.some(([k, v]) => k === 'emoji' && v === '😀'));
      assert.equal(echo.bodyText, 'héllo wörld — 你好 😀');
      assert.match(String(echo.cookie), /name=J%C3%BCrgen/);
    },
  },
  {
    name: 'fetch handler, GET without a body',
    js: { fixture: 'js/fetch', handler: 'echo.default' },
    python: notPython,
    events: [{ event: sampleEvent('apigw-v2-get') }],
    check: (r) => {
      const echo = echoOf(responseJson(r) as Result);
      assert.equal(echo.method, 'GET');
      assert.equal(echo.bodyLength, 0);
    },
  },
  {
    name: 'plain (request) => Response export with LAMBDA_ENGINES_HANDLER_STYLE=fetch',
    js: { fixture: 'js/fetch', handler: 'plain-function.handler' },
    python: notPython,
    env: { LAMBDA_ENGINES_HANDLER_STYLE: 'fetch' },
    events: [{ event: sampleEvent('apigw-v2') }],
    check: (r) => {
      const result = responseJson(r) as Result;
      assert.equal(result.statusCode, 404);
      assert.equal(result.body, 'plain POST /my/path');
      assert.equal((result.headers as Record<string, string>)['content-type'], 'text/plain');
    },
  },
  {
    name: 'a fetch handler that throws is an invocation error, not an HTTP 500',
    js: { fixture: 'js/fetch', handler: 'failing.throws' },
    python: notPython,
    events: [{ event: sampleEvent('apigw-v2') }, { event: sampleEvent('alb') }],
    check: (r, engine) => {
      invocationError(r, engine, { errorType: 'TypeError', errorMessage: 'fetch handler failed' }, 0);
      invocationError(r, engine, { errorType: 'TypeError' }, 1);
    },
  },
  {
    name: 'a fetch handler that returns no Response is an invocation error',
    js: { fixture: 'js/fetch', handler: 'failing.notResponse' },
    python: notPython,
    events: [{ event: sampleEvent('apigw-v2') }],
    check: (r, engine) =>
      invocationError(r, engine, {
        errorType: 'Runtime.InvalidFetchResponse',
        errorMessage: /must return a Response/,
      }),
  },
  {
    name: 'a non-HTTP event given to a fetch handler gets a clear error',
    js: { fixture: 'js/fetch', handler: 'echo.default' },
    python: notPython,
    events: [{ event: sampleEvent('sqs') }, { event: { hello: 'world' } }],
    check: (r, engine) => {
      invocationError(r, engine, { errorType: 'FetchEventError', errorMessage: /fetch handler.*Records/ }, 0);
      invocationError(r, engine, { errorType: 'FetchEventError', errorMessage: /hello/ }, 1);
    },
  },
  {
    name: 'streaming fetch handler: prelude from the Response, body chunks as produced',
    js: { fixture: 'js/fetch', handler: 'streaming.default' },
    python: notPython,
    events: [{ event: sampleEvent('function-url') }],
    check: (r) => {
      const s = streamed(r);
      assert.equal(s.contentType, 'application/vnd.awslambda.http-integration-response');
      const separator = s.body.indexOf(Buffer.alloc(8));
      const prelude = JSON.parse(s.body.subarray(0, separator).toString('utf8'));
      assert.equal(prelude.statusCode, 202);
      assert.equal(prelude.headers['x-path'], '/my/path');
      assert.equal(prelude.headers['content-type'], 'text/plain');
      assert.deepEqual(prelude.cookies, ['s=1']);
      assert.equal(s.body.subarray(separator + 8).toString('utf8'), 'part-0;part-1;part-2;');
      const times = s.request.chunks.map((c) => c.at);
      assert.ok(times.at(-1)! - times[0]! >= 200, 'the body streamed over time');
    },
  },
  {
    name: 'streaming fetch handler whose body stream errors ends with error trailers',
    js: { fixture: 'js/fetch', handler: 'streaming.failing' },
    python: notPython,
    events: [{ event: sampleEvent('function-url') }],
    check: (r) => {
      const s = streamed(r);
      assert.ok(s.text.endsWith('before;'), 'what was produced before the error went out');
      assert.equal(s.errorType, 'RangeError');
      assert.equal(s.errorBody?.errorMessage, 'body stream broke');
    },
  },
];
