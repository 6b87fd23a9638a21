import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  HANDLER_HIGH_WATER_MARK,
  HANDLER_STREAMING,
  isStreamingHandler,
  MalformedStreamingHandlerError,
  streamifyResponse,
  streamingHighWaterMark,
} from '../src/index.ts';

test('streamifyResponse marks the same function with AWS symbols', () => {
  const handler = async () => {};
  const marked = streamifyResponse(handler);
  assert.equal(marked, handler);
  assert.equal(HANDLER_STREAMING, Symbol.for('aws.lambda.runtime.handler.streaming'));
  assert.equal(HANDLER_HIGH_WATER_MARK, Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark'));
  assert.equal((handler as unknown as Record<symbol, unknown>)[HANDLER_STREAMING], 'response');
  assert.equal(HANDLER_HIGH_WATER_MARK in handler, false);
  assert.equal(isStreamingHandler(handler), true);
  assert.equal(streamingHighWaterMark(handler), undefined);
});

test('the highWaterMark option is stored parsed, only when it is a number', () => {
  const a = streamifyResponse(async () => {}, { highWaterMark: 2048.7 });
  assert.equal((a as unknown as Record<symbol, unknown>)[HANDLER_HIGH_WATER_MARK], 2048);
  assert.equal(streamingHighWaterMark(a), 2048);
  const b = streamifyResponse(async () => {}, { highWaterMark: '4096' as unknown as number });
  assert.equal(HANDLER_HIGH_WATER_MARK in b, false);
});

test('handlers marked by hand (as by AWS’s own awslambda global) are recognised', () => {
  const handler = Object.assign(async () => {}, {
    [Symbol.for('aws.lambda.runtime.handler.streaming')]: 'response',
    [Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark')]: '1024',
  });
  assert.equal(isStreamingHandler(handler), true);
  assert.equal(streamingHighWaterMark(handler), 1024);
});

test('unmarked values are not streaming; a foreign marker throws like AWS', () => {
  for (const value of [async () => {}, undefined, null, 42, 'x', {}]) {
    assert.equal(isStreamingHandler(value), false);
    assert.equal(streamingHighWaterMark(value), undefined);
  }
  for (const marker of [null, false, undefined]) {
    assert.equal(isStreamingHandler({ [HANDLER_STREAMING]: marker }), false);
  }
  assert.throws(
    () => isStreamingHandler({ [HANDLER_STREAMING]: 'request' }),
    (error: unknown) => {
      assert.ok(error instanceof MalformedStreamingHandlerError);
      assert.equal(error.name, 'Runtime.MalformedStreamingHandler');
      assert.equal(error.message, 'Only response streaming is supported.');
      return true;
    },
  );
});

test('a highWaterMark AWS would ignore (NaN, 0, negative) reads as undefined', () => {
  for (const value of ['abc', 0, -5, false, null]) {
    assert.equal(streamingHighWaterMark({ [HANDLER_HIGH_WATER_MARK]: value }), undefined);
  }
});
