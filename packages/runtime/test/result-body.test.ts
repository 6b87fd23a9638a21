import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonStringifyError } from '../src/errors.ts';
import { serialiseResult } from '../src/result-body.ts';

test('undefined is posted as null, like AWS’s client', () => {
  assert.equal(serialiseResult(undefined), 'null');
});

test('values serialise as JSON', () => {
  assert.equal(serialiseResult({ a: [1, 'b', null] }), '{"a":[1,"b",null]}');
  assert.equal(serialiseResult('text'), '"text"');
});

test('a function result still gives a JSON body', () => {
  assert.equal(
    serialiseResult(() => 1),
    'null',
  );
});

test('circular and BigInt results throw JsonStringifyError with the cause', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  for (const value of [circular, { n: 1n }]) {
    assert.throws(
      () => serialiseResult(value),
      (error: unknown) =>
        error instanceof JsonStringifyError &&
        error.name === 'Runtime.JSONStringifyError' &&
        error.code === 'ERR_JSON_STRINGIFY' &&
        error.cause instanceof TypeError,
    );
  }
});
