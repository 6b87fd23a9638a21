import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  detectEventSource,
  eventToRequest,
  FetchAdapterError,
  FetchEventError,
  isFetchHandler,
  isTextContentType,
  requireEventSource,
  responseToResult,
} from '../src/index.ts';
import { loadEvent } from './load-event.ts';

describe('isFetchHandler', () => {
  it('accepts objects and functions with a callable fetch', () => {
    assert.equal(isFetchHandler({ fetch: () => new Response('x') }), true);
    assert.equal(isFetchHandler({ async fetch() {} }), true);
    class App {
      fetch = (_request: Request) => new Response('ok');
    }
    assert.equal(isFetchHandler(new App()), true);
    const fn = Object.assign(() => {}, { fetch: () => {} });
    assert.equal(isFetchHandler(fn), true);
  });

  it('rejects everything else, including a plain handler function and a throwing getter', () => {
    for (const value of [
      null,
      undefined,
      1,
      'fetch',
      {},
      { fetch: 'no' },
      async () => {},
      [],
      { handler() {} },
    ]) {
      assert.equal(isFetchHandler(value), false);
    }
    const trap = Object.defineProperty({}, 'fetch', {
      get() {
        throw new Error('boom');
      },
    });
    assert.equal(isFetchHandler(trap), false);
  });
});

describe('isTextContentType (the text-or-base64 rule)', () => {
  it('text for text/*, json, xml, javascript, urlencoded, +json/+xml, utf-8 charsets', () => {
    for (const type of [
      'text/plain',
      'text/html; charset=utf-8',
      'TEXT/CSV',
      'application/json',
      'application/json; charset=UTF-8',
      'application/xml',
      'application/javascript',
      'application/x-www-form-urlencoded',
      'application/problem+json',
      'application/vnd.api+json',
      'image/svg+xml',
      'application/atom+xml',
      'application/x-custom; charset="utf-8"',
    ]) {
      assert.equal(isTextContentType(type), true, type);
    }
  });

  it('base64 for binary types and for non-UTF-8 charsets', () => {
    for (const type of [
      'image/png',
      'application/octet-stream',
      'application/pdf',
      'application/zip',
      'audio/mpeg',
      'video/mp4',
      'font/woff2',
      'application/wasm',
      'text/plain; charset=iso-8859-1',
      'text/html; charset=shift_jis',
      'garbage',
      '',
    ]) {
      assert.equal(isTextContentType(type), false, type);
    }
  });
});

describe('a fetch handler end to end (event -> Request -> handler -> result)', () => {
  const app = {
    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url);
      const body = request.body ? new Uint8Array(await request.arrayBuffer()) : new Uint8Array(0);
      const headers = new Headers({ 'content-type': url.searchParams.get('as') ?? 'application/json' });
      headers.append('set-cookie', 'seen=1; Path=/');
      headers.append('set-cookie', `method=${request.method}`);
      if (url.searchParams.has('as')) return new Response(body, { headers });
      return Response.json(
        {
          method: request.method,
          path: url.pathname,
          query: [...url.searchParams],
          cookie: request.headers.get('cookie'),
          size: body.length,
        },
        { headers },
      );
    },
  };

  it('function URL: echoes an uploaded binary body back as base64', async () => {
    const event = loadEvent('function-url-binary');
    event.rawQueryString = 'as=image%2Fpng';
    assert.equal(requireEventSource(event), 'function-url');
    const result = await responseToResult(
      await app.fetch(eventToRequest(event, 'function-url')),
      'function-url',
    );
    assert.equal(result.isBase64Encoded, true);
    assert.equal(result.body, event.body);
    assert.deepEqual(result.cookies, ['seen=1; Path=/', 'method=POST']);
  });

  it('REST API: repeated query keys and cookies in, two Set-Cookie out in multiValueHeaders', async () => {
    const event = loadEvent('apigw-v1-binary');
    assert.equal(detectEventSource(event), 'apigw-v1');
    const result = await responseToResult(await app.fetch(eventToRequest(event, 'apigw-v1')), 'apigw-v1');
    assert.deepEqual(JSON.parse(result.body), {
      method: 'POST',
      path: '/files/r%C3%A9sum%C3%A9.pdf',
      query: [
        ['tag', 'a'],
        ['tag', 'b'],
        ['tag', 'c'],
        ['q', 'a b&c=d'],
        ['city', 'Zürich'],
      ],
      cookie: 'a=1; b=2',
      size: 20,
    });
    assert.deepEqual(result.multiValueHeaders, { 'set-cookie': ['seen=1; Path=/', 'method=POST'] });
  });

  it('ALB multi-value event answered in multi-value form', async () => {
    const event = loadEvent('alb-multi-value');
    assert.equal(detectEventSource(event), 'alb');
    const result = await responseToResult(await app.fetch(eventToRequest(event, 'alb')), 'alb', {
      multiValueHeaders: 'multiValueHeaders' in event,
    });
    assert.equal(result.statusDescription, '200 OK');
    assert.deepEqual(result.multiValueHeaders?.['set-cookie'], ['seen=1; Path=/', 'method=POST']);
    assert.equal(JSON.parse(result.body).cookie, 'name1=value1; name2=value2');
  });

  it('errors share a base class with stable codes', () => {
    const error = new FetchEventError(loadEvent('apigw-websocket'));
    assert.ok(error instanceof FetchAdapterError);
    assert.ok(error instanceof Error);
    assert.deepEqual(error.keys, ['requestContext', 'isBase64Encoded']);
    assert.equal(new FetchAdapterError('x').code, 'ERR_FETCH_ADAPTER');
  });
});
