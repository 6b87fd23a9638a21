import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { responseToHttpPrelude, responseToResult } from '../src/index.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x80, 0x7f]);

type Body = ConstructorParameters<typeof Response>[0];

function withCookies(body: Body, init: ResponseInit & { cookies?: string[] } = {}): Response {
  const headers = new Headers(init.headers);
  for (const cookie of init.cookies ?? []) headers.append('set-cookie', cookie);
  return new Response(body, { status: init.status, statusText: init.statusText, headers });
}

describe('responseToResult: API Gateway REST (v1)', () => {
  it('JSON body as text, headers single-valued, Set-Cookie values in multiValueHeaders', async () => {
    const response = withCookies(JSON.stringify({ ok: true, name: 'Zoë' }), {
      status: 201,
      headers: { 'content-type': 'application/json', 'x-request-id': 'r1' },
      cookies: ['a=1; Path=/; HttpOnly', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
    });
    assert.deepEqual(await responseToResult(response, 'apigw-v1'), {
      statusCode: 201,
      headers: { 'content-type': 'application/json', 'x-request-id': 'r1' },
      multiValueHeaders: {
        'set-cookie': ['a=1; Path=/; HttpOnly', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
      },
      body: '{"ok":true,"name":"Zoë"}',
      isBase64Encoded: false,
    });
  });

  it('binary body (image/png) is base64 and decodes back to the same bytes', async () => {
    const response = new Response(PNG, { headers: { 'content-type': 'image/png' } });
    const result = await responseToResult(response, 'apigw-v1');
    assert.equal(result.isBase64Encoded, true);
    assert.deepEqual(new Uint8Array(Buffer.from(result.body, 'base64')), PNG);
    assert.deepEqual(result.multiValueHeaders, {});
  });

  it('no body (204) and an empty body give "" and isBase64Encoded false', async () => {
    const none = await responseToResult(new Response(null, { status: 204 }), 'apigw-v1');
    assert.equal(none.statusCode, 204);
    assert.equal(none.body, '');
    assert.equal(none.isBase64Encoded, false);
    const empty = await responseToResult(
      new Response('', { headers: { 'content-type': 'image/png' } }),
      'apigw-v1',
    );
    assert.equal(empty.body, '');
    assert.equal(empty.isBase64Encoded, false);
  });
});

describe('responseToResult: HTTP API (v2) and function URLs', () => {
  it('Set-Cookie values go to cookies (one entry each, commas in Expires intact)', async () => {
    const response = withCookies('hi', {
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      cookies: ['id=a3fWa; Expires=Thu, 21 Oct 2027 07:28:00 GMT', 'lang=fr', 'theme=dark; Secure'],
    });
    for (const source of ['apigw-v2', 'function-url'] as const) {
      const result = await responseToResult(response.clone(), source);
      assert.deepEqual(result, {
        statusCode: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        cookies: ['id=a3fWa; Expires=Thu, 21 Oct 2027 07:28:00 GMT', 'lang=fr', 'theme=dark; Secure'],
        body: 'hi',
        isBase64Encoded: false,
      });
    }
  });

  it('unicode text body and a UTF-8 header value survive as Unicode', async () => {
    const headers = new Headers({ 'content-type': 'text/html' });
    headers.set('x-title', Buffer.from('Café — 日本', 'utf8').toString('latin1'));
    const result = await responseToResult(new Response('<p>héllo 😀 你好</p>', { headers }), 'function-url');
    assert.equal(result.body, '<p>héllo 😀 你好</p>');
    assert.equal(result.isBase64Encoded, false);
    assert.equal(result.headers['x-title'], 'Café — 日本');
    assert.deepEqual(result.cookies, []);
  });

  it('a UTF-8 BOM is kept (text bodies are byte-exact)', async () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, 0x68, 0x69]);
    const result = await responseToResult(
      new Response(bytes, { headers: { 'content-type': 'text/csv' } }),
      'apigw-v2',
    );
    assert.equal(result.isBase64Encoded, false);
    assert.deepEqual(Buffer.from(result.body, 'utf8'), Buffer.from(bytes));
  });

  it('a text type whose bytes are not UTF-8 falls back to base64 (lossless)', async () => {
    const bytes = Uint8Array.from([0x63, 0x61, 0x66, 0xe9]); // "café" in ISO-8859-1
    const result = await responseToResult(
      new Response(bytes, { headers: { 'content-type': 'text/plain' } }),
      'apigw-v2',
    );
    assert.equal(result.isBase64Encoded, true);
    assert.deepEqual(Buffer.from(result.body, 'base64'), Buffer.from(bytes));
  });

  it('a gzip content-encoding is base64 even for JSON; no content-type with UTF-8 bytes is text', async () => {
    const gz = await responseToResult(
      new Response(Uint8Array.from([0x1f, 0x8b, 0x08, 0x00]), {
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      }),
      'apigw-v2',
    );
    assert.equal(gz.isBase64Encoded, true);
    assert.equal(gz.body, 'H4sIAA==');
    const bare = new Response(new TextEncoder().encode('plain'));
    assert.equal(bare.headers.get('content-type'), null);
    const result = await responseToResult(bare, 'apigw-v2');
    assert.equal(result.body, 'plain');
    assert.equal(result.isBase64Encoded, false);
  });

  it('a streamed (ReadableStream) body is read in full', async () => {
    const chunks = ['one ', 'two ', 'three'];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const result = await responseToResult(
      new Response(stream, { headers: { 'content-type': 'text/plain' } }),
      'apigw-v2',
    );
    assert.equal(result.body, 'one two three');
  });

  it('options.isBinary overrides the rule; undefined falls back to it', async () => {
    const forced = await responseToResult(
      new Response('abc', { headers: { 'content-type': 'text/plain' } }),
      'apigw-v2',
      {
        isBinary: () => true,
      },
    );
    assert.deepEqual([forced.body, forced.isBase64Encoded], ['YWJj', true]);
    const fallback = await responseToResult(
      new Response(PNG, { headers: { 'content-type': 'image/png' } }),
      'apigw-v2',
      {
        isBinary: () => undefined,
      },
    );
    assert.equal(fallback.isBase64Encoded, true);
  });
});

describe('responseToResult: ALB', () => {
  it('single-value: statusDescription, headers, only the last Set-Cookie fits', async () => {
    const response = withCookies('nope', {
      status: 404,
      headers: { 'content-type': 'text/plain', vary: 'accept' },
      cookies: ['a=1', 'b=2'],
    });
    response.headers.append('vary', 'origin');
    assert.deepEqual(await responseToResult(response, 'alb'), {
      statusCode: 404,
      statusDescription: '404 Not Found',
      headers: { 'content-type': 'text/plain', vary: 'accept, origin', 'set-cookie': 'b=2' },
      body: 'nope',
      isBase64Encoded: false,
    });
  });

  it('multi-value (the event had multiValueHeaders): every Set-Cookie, no headers field', async () => {
    const response = withCookies('{}', {
      headers: { 'content-type': 'application/json' },
      cookies: ['a=1', 'b=2'],
    });
    const result = await responseToResult(response, 'alb', { multiValueHeaders: true });
    assert.deepEqual(result, {
      statusCode: 200,
      statusDescription: '200 OK',
      multiValueHeaders: { 'content-type': ['application/json'], 'set-cookie': ['a=1', 'b=2'] },
      body: '{}',
      isBase64Encoded: false,
    });
    assert.equal('headers' in result, false);
  });

  it('binary response, custom statusText, unknown status', async () => {
    const binary = await responseToResult(
      new Response(PNG, { status: 299, headers: { 'content-type': 'application/octet-stream' } }),
      'alb',
    );
    assert.equal(binary.statusDescription, '299');
    assert.equal(binary.isBase64Encoded, true);
    assert.deepEqual(new Uint8Array(Buffer.from(binary.body, 'base64')), PNG);
    const custom = await responseToResult(
      new Response('x', { status: 418, statusText: 'Short And Stout' }),
      'alb',
    );
    assert.equal(custom.statusDescription, '418 Short And Stout');
    const teapot = await responseToResult(new Response('x', { status: 418 }), 'alb');
    assert.equal(teapot.statusDescription, "418 I'm a Teapot");
  });
});

describe('responseToHttpPrelude', () => {
  it('status, headers without set-cookie, cookies; the body is left unread', () => {
    const response = withCookies('streamed body', {
      status: 206,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
      cookies: ['s=1; HttpOnly', 't=2'],
    });
    assert.deepEqual(responseToHttpPrelude(response), {
      statusCode: 206,
      headers: { 'cache-control': 'no-cache', 'content-type': 'text/event-stream' },
      cookies: ['s=1; HttpOnly', 't=2'],
    });
    assert.equal(response.bodyUsed, false);
  });
});
