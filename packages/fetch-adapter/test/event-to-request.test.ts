import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectEventSource, eventToRequest, FetchEventError } from '../src/index.ts';
import { bodyBytes, loadEvent } from './load-event.ts';

function toRequest(name: string, edit?: (event: any) => void): Request {
  const event = loadEvent(name);
  edit?.(event);
  const source = detectEventSource(event);
  assert.ok(source, `${name} is an HTTP event`);
  return eventToRequest(event, source);
}

describe('eventToRequest: API Gateway REST (v1)', () => {
  it('maps the REST proxy sample: method, URL from domainName + path, headers, JSON body', async () => {
    const request = toRequest('apigw-v1-rest');
    assert.equal(request.method, 'POST');
    assert.equal(request.url, 'https://gy415nuibc.execute-api.us-east-2.amazonaws.com/hello/world?name=me');
    assert.equal(request.headers.get('content-type'), 'application/json');
    assert.equal(request.headers.get('x-forwarded-for'), '54.240.196.186, 54.182.214.83');
    assert.equal(request.headers.get('headername'), 'headerValue');
    assert.deepEqual(await request.json(), { a: 1 });
  });

  it('uses multiValueHeaders and repeated multiValueQueryStringParameters (HTTP API 1.0 sample)', () => {
    const request = toRequest('apigw-v1-http-api');
    assert.equal(request.method, 'GET');
    const url = new URL(request.url);
    assert.equal(url.pathname, '/my/path');
    assert.deepEqual(url.searchParams.getAll('parameter1'), ['value1', 'value2']);
    assert.equal(request.headers.get('header2'), 'value1, value2');
    assert.equal(request.body, null, 'GET has no body although the event carries one');
  });

  it('re-encodes decoded query values, keeps the encoded path, decodes a base64 body', async () => {
    const request = toRequest('apigw-v1-binary');
    const url = new URL(request.url);
    assert.equal(url.pathname, '/files/r%C3%A9sum%C3%A9.pdf');
    assert.deepEqual(url.searchParams.getAll('tag'), ['a', 'b', 'c']);
    assert.equal(url.searchParams.get('q'), 'a b&c=d');
    assert.equal(url.searchParams.get('city'), 'Zürich');
    assert.equal(url.search, '?tag=a&tag=b&tag=c&q=a%20b%26c%3Dd&city=Z%C3%BCrich');
    assert.deepEqual(await bodyBytes(request), Buffer.from('%PDF-1.7\n\x00\xff\xfe\x80binary\x00', 'latin1'));
  });

  it('joins several Cookie headers with "; " and keeps other repeated headers', () => {
    const request = toRequest('apigw-v1-binary');
    assert.equal(request.headers.get('cookie'), 'a=1; b=2');
    assert.equal(request.headers.get('accept'), 'application/pdf, */*');
  });

  it('carries non-ASCII header values as their UTF-8 bytes', () => {
    const request = toRequest('apigw-v1-binary');
    const value = request.headers.get('x-note')!;
    assert.equal(Buffer.from(value, 'latin1').toString('utf8'), 'naïve café');
  });

  it('falls back to headers / queryStringParameters when the multi-value maps are absent', () => {
    const request = toRequest('apigw-v1-rest', (event) => {
      event.multiValueHeaders = null;
      event.multiValueQueryStringParameters = null;
      event.queryStringParameters = { a: '1', b: 'x y' };
    });
    assert.equal(new URL(request.url).search, '?a=1&b=x%20y');
    assert.equal(request.headers.get('content-type'), 'application/json');
  });

  it('uses the Host header when requestContext has no domainName, and encodes a decoded "?" in the path', () => {
    const request = toRequest('apigw-v1-http-api', (event) => {
      delete event.requestContext.domainName;
      event.multiValueHeaders = { Host: ['api.example.com'] };
      event.path = '/a?b#c d';
      event.multiValueQueryStringParameters = null;
      event.queryStringParameters = null;
    });
    assert.equal(request.url, 'https://api.example.com/a%3Fb%23c%20d');
  });

  it('HEAD and GET never get a body; an empty POST body gives a null body', async () => {
    for (const method of ['HEAD', 'GET']) {
      const request = toRequest('apigw-v1-rest', (event) => {
        event.httpMethod = method;
      });
      assert.equal(request.method, method);
      assert.equal(request.body, null);
    }
    const empty = toRequest('apigw-v1-rest', (event) => {
      event.body = '';
    });
    assert.equal(empty.body, null);
    assert.equal(await empty.text(), '');
    const nullBody = toRequest('apigw-v1-rest', (event) => {
      event.body = null;
    });
    assert.equal(nullBody.body, null);
  });
});

describe('eventToRequest: HTTP API (v2) and function URLs', () => {
  it('maps the HTTP API 2.0 sample: raw query string with repeated keys, cookies array, body', async () => {
    const request = toRequest('apigw-v2');
    assert.equal(request.method, 'POST');
    assert.equal(
      request.url,
      'https://id.execute-api.us-east-1.amazonaws.com/my/path?parameter1=value1&parameter1=value2&parameter2=value',
    );
    assert.equal(request.headers.get('cookie'), 'cookie1; cookie2');
    assert.equal(request.headers.get('header2'), 'value1,value2');
    assert.equal(await request.text(), 'Hello from Lambda');
    assert.equal(request.headers.get('content-type'), null, 'no content-type is invented for a string body');
  });

  it('GET without body and without query', () => {
    const request = toRequest('apigw-v2-get');
    assert.equal(request.url, 'https://aaaaaaaaaa.execute-api.us-west-2.amazonaws.com/');
    assert.equal(request.body, null);
    assert.equal(request.headers.get('user-agent'), 'curl/7.58.0');
  });

  it('unicode: a decoded rawPath is encoded, the encoded query kept, the body is UTF-8', async () => {
    const request = toRequest('apigw-v2-unicode');
    const url = new URL(request.url);
    assert.equal(url.pathname, '/caf%C3%A9/%E6%97%A5%E6%9C%AC%20%E8%AA%9E/what%3F.txt');
    assert.equal(decodeURIComponent(url.pathname), '/café/日本 語/what?.txt');
    assert.equal(url.searchParams.get('q'), '日本');
    assert.equal(url.searchParams.get('emoji'), '😀');
    assert.deepEqual(url.searchParams.getAll('tag'), ['a', 'b']);
    assert.equal(url.searchParams.get('empty'), '');
    assert.equal(request.method, 'PUT');
    assert.equal(await request.text(), 'héllo wörld — 你好 😀');
    const greeting = request.headers.get('x-greeting')!;
    assert.equal(Buffer.from(greeting, 'latin1').toString('utf8'), 'grüß gott, 日本');
    assert.equal(request.headers.get('cookie'), 'session=abc123; theme=dark; name=J%C3%BCrgen');
  });

  it('merges a cookie header with the cookies array', () => {
    const request = toRequest('apigw-v2', (event) => {
      event.headers.cookie = 'pre=0';
    });
    assert.equal(request.headers.get('cookie'), 'pre=0; cookie1; cookie2');
  });

  it('an encoded raw query passes through unchanged; characters a URL cannot hold are escaped', () => {
    const request = toRequest('apigw-v2', (event) => {
      event.rawQueryString = 'a=%2F%3F%26&b=x+y&c=100%&d=q#frag&e=é';
    });
    assert.equal(new URL(request.url).search, '?a=%2F%3F%26&b=x+y&c=100%25&d=q%23frag&e=%C3%A9');
  });

  it('maps the function URL sample like an HTTP API event', async () => {
    const request = toRequest('function-url');
    assert.equal(
      request.url,
      'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-west-2.on.aws/my/path?parameter1=value1&parameter1=value2&parameter2=value',
    );
    assert.equal(request.headers.get('cookie'), 'cookie1; cookie2');
    assert.equal(await request.text(), 'Hello from client!');
  });

  it('function URL binary upload: every byte of the base64 body arrives', async () => {
    const event = loadEvent('function-url-binary');
    const request = eventToRequest(event, 'function-url');
    const bytes = await bodyBytes(request);
    assert.deepEqual(bytes, Buffer.from(event.body, 'base64'));
    assert.equal(bytes!.length, 272);
    assert.equal(bytes![0], 0x89);
    assert.equal(new URL(request.url).pathname, '/upload/caf%C3%A9%20photo.png');
    assert.deepEqual(new URL(request.url).searchParams.getAll('size'), ['large', 'small']);
    assert.equal(request.headers.get('content-type'), 'image/png');
  });

  it('a base64 body of a large payload (1 MiB of random-ish bytes) is decoded exactly', async () => {
    const payload = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 2654435761) >>> 24;
    const request = toRequest('function-url', (event) => {
      event.body = payload.toString('base64');
      event.isBase64Encoded = true;
    });
    assert.ok((await bodyBytes(request))!.equals(payload));
  });
});

describe('eventToRequest: ALB', () => {
  it('maps the single-value ALB sample; GET drops the body; the cookie header is kept', () => {
    const request = toRequest('alb');
    assert.equal(request.method, 'GET');
    assert.equal(request.url, 'https://lambda-846800462-us-east-2.elb.amazonaws.com/?myKey=val2');
    assert.equal(request.headers.get('cookie'), 'cookies');
    assert.equal(request.headers.get('accept-language'), 'en-US,en;q=0.8');
    assert.equal(request.body, null);
  });

  it('multi-value: repeated query keys and headers, cookies joined, still-encoded values not re-encoded', async () => {
    const request = toRequest('alb-multi-value');
    const url = new URL(request.url);
    assert.equal(
      url.search,
      '?myKey=val1&myKey=val2&q=caf%C3%A9+au+lait&next=https%3A%2F%2Fexample.com%2F%3Fa%3D1%26b%3D2',
    );
    assert.deepEqual(url.searchParams.getAll('myKey'), ['val1', 'val2']);
    assert.equal(url.searchParams.get('q'), 'café au lait');
    assert.equal(url.searchParams.get('next'), 'https://example.com/?a=1&b=2');
    assert.equal(request.headers.get('cookie'), 'name1=value1; name2=value2');
    assert.equal(request.headers.get('x-myheader'), '123, 456');
    assert.equal(Object.fromEntries(await request.formData()).field, 'café');
  });

  it('plain-HTTP listener: the scheme follows x-forwarded-proto; an empty body is no body', () => {
    const request = toRequest('alb-headers-only');
    assert.equal(request.url, 'http://lambda-test-alb-1334523864.us-east-1.elb.amazonaws.com/?key=hello');
    assert.equal(request.body, null);
  });

  it('binary PUT with an encoded unicode path and query', async () => {
    const event = loadEvent('alb-binary');
    const request = eventToRequest(event, 'alb');
    assert.equal(request.url, 'https://alb.example.com/blob/%E2%9C%93?name=%E2%9C%93%20ok');
    assert.equal(new URL(request.url).searchParams.get('name'), '✓ ok');
    assert.deepEqual(await bodyBytes(request), Buffer.from(event.body, 'base64'));
  });

  it('a raw value holding characters that would split the query is escaped', () => {
    const request = toRequest('alb', (event) => {
      event.queryStringParameters = { 'a=b': 'c&d', e: 'f#g h' };
    });
    assert.equal(new URL(request.url).search, '?a%3Db=c%26d&e=f%23g%20h');
  });
});

describe('eventToRequest: robustness', () => {
  it('skips a header the Headers class refuses instead of failing the request', () => {
    const request = toRequest('apigw-v2', (event) => {
      event.headers['x-bad'] = 'a\r\nb';
      event.headers['x-good'] = 'ok';
    });
    assert.equal(request.headers.get('x-bad'), null);
    assert.equal(request.headers.get('x-good'), 'ok');
  });

  it('throws FetchEventError for a non-object event', () => {
    assert.throws(() => eventToRequest('nope', 'apigw-v2'), FetchEventError);
    assert.throws(() => eventToRequest(loadEvent('sqs'), 'nope' as never), FetchEventError);
  });
});
