import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectEventSource, FetchEventError, requireEventSource } from '../src/index.ts';
import { loadEvent } from './load-event.ts';

describe('detectEventSource', () => {
  it('recognises every saved HTTP sample', () => {
    const expected: Record<string, string> = {
      'apigw-v1-rest': 'apigw-v1',
      'apigw-v1-http-api': 'apigw-v1',
      'apigw-v1-binary': 'apigw-v1',
      'apigw-v2': 'apigw-v2',
      'apigw-v2-get': 'apigw-v2',
      'apigw-v2-unicode': 'apigw-v2',
      'function-url': 'function-url',
      'function-url-binary': 'function-url',
      alb: 'alb',
      'alb-multi-value': 'alb',
      'alb-headers-only': 'alb',
      'alb-binary': 'alb',
    };
    for (const [name, source] of Object.entries(expected)) {
      assert.equal(detectEventSource(loadEvent(name)), source, name);
    }
  });

  it('tells a function URL from an HTTP API only by its lambda-url host', () => {
    const event = loadEvent('function-url');
    event.requestContext.domainName = 'api.example.com'; // e.g. an HTTP API custom domain
    assert.equal(detectEventSource(event), 'apigw-v2');
    event.requestContext.domainName = 'abc.lambda-url.ap-southeast-1.on.aws';
    assert.equal(detectEventSource(event), 'function-url');
    // routeKey is "$default" for both, so it does not decide anything.
    assert.equal(loadEvent('apigw-v2').routeKey, '$default');
  });

  it('returns undefined for non-HTTP events and non-objects', () => {
    assert.equal(detectEventSource(loadEvent('sqs')), undefined);
    assert.equal(detectEventSource(loadEvent('apigw-websocket')), undefined);
    for (const value of [null, undefined, 'GET /', 42, [], {}, { requestContext: {} }]) {
      assert.equal(detectEventSource(value), undefined);
    }
    // v2 shape without requestContext.http is not an HTTP event (e.g. a hand-made payload).
    assert.equal(detectEventSource({ version: '2.0', rawPath: '/', requestContext: {} }), undefined);
  });

  it('requireEventSource throws FetchEventError with the keys of a non-HTTP event', () => {
    assert.equal(requireEventSource(loadEvent('alb')), 'alb');
    assert.throws(
      () => requireEventSource(loadEvent('sqs')),
      (error: unknown) => {
        assert.ok(error instanceof FetchEventError);
        assert.equal(error.code, 'ERR_NOT_AN_HTTP_EVENT');
        assert.equal(error.name, 'FetchEventError');
        assert.deepEqual(error.keys, ['Records']);
        assert.equal(
          error.message,
          'this handler is a fetch handler: it takes API Gateway (REST v1, HTTP v2), Lambda function URL ' +
            'or ALB events; got an event with keys [Records]',
        );
        return true;
      },
    );
  });

  it('FetchEventError describes non-object events and long key lists', () => {
    assert.match(new FetchEventError('hello').message, /got a string$/);
    assert.match(new FetchEventError(null).message, /got null$/);
    assert.match(new FetchEventError([1, 2]).message, /got an array of 2 items$/);
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    assert.match(new FetchEventError(many).message, /k11, \.\.\. \(20 keys\)\]$/);
    const cause = new Error('inner');
    assert.equal(new FetchEventError({}, { cause }).cause, cause);
  });
});
