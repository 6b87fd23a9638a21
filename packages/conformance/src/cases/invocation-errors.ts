import assert from 'node:assert/strict';
import type { ConformanceCase } from '../case-types.ts';
import { invocationError, responseJson } from '../expect.ts';

export const invocationErrorCases: ConformanceCase[] = [
  {
    name: 'thrown Error: {errorType, errorMessage, trace} and the error-type header',
    js: { fixture: 'js/handlers', handler: 'errors.throwsError' },
    python: { fixture: 'python/handlers', handler: 'errors.throws_error' },
    events: [{ event: {} }],
    check: (r, engine) => {
      const body = invocationError(r, engine, {
        errorType: engine === 'python' ? 'Exception' : 'Error',
        errorMessage: 'something broke',
      });
      const outcome = r.invocations[0]!.outcome!;
      assert.equal(outcome.request.headers['lambda-runtime-function-error-type'], body.errorType);
      if (engine !== 'python') {
        assert.match(String((body.trace as string[])[0]), /^Error: something broke/);
        assert.deepEqual(Object.keys(body).sort(), ['errorMessage', 'errorType', 'trace']);
      } else {
        assert.equal(body.requestId, r.invocations[0]!.requestId);
      }
      assert.equal(r.pollingAgain, true, 'the loop goes on after an invocation error');
    },
  },
  {
    name: 'custom error class keeps its name as errorType',
    js: { fixture: 'js/handlers', handler: 'errors.throwsCustom' },
    python: { fixture: 'python/handlers', handler: 'errors.throws_custom' },
    events: [{ event: {} }],
    check: (r, engine) =>
      invocationError(r, engine, { errorType: 'ValidationError', errorMessage: 'bad input: id is required' }),
  },
  {
    name: 'sync throw in a non-async handler',
    js: { fixture: 'js/handlers', handler: 'errors.throwsSync' },
    python: { notApplicable: 'Python handlers are all synchronous: the thrown-error case is this case' },
    events: [{ event: {} }],
    check: (r, engine) => invocationError(r, engine, { errorType: 'TypeError', errorMessage: 'sync throw' }),
  },
  {
    name: 'thrown string: errorType is its typeof, trace is empty',
    js: { fixture: 'js/handlers', handler: 'errors.throwsString' },
    python: {
      notApplicable: 'Python can only raise BaseException subclasses (raising a str is itself a TypeError)',
    },
    events: [{ event: {} }],
    check: (r, engine) => {
      const body = invocationError(r, engine, { errorType: 'string', errorMessage: 'just a string' });
      assert.deepEqual(body.trace, []);
    },
  },
  {
    name: 'thrown number and object',
    js: { fixture: 'js/handlers', handler: 'errors.throwsNumber' },
    python: { notApplicable: 'Python can only raise exceptions' },
    events: [{ event: {} }],
    check: (r, engine) => {
      const body = invocationError(r, engine, { errorType: 'number', errorMessage: '42' });
      assert.deepEqual(body.trace, []);
    },
  },
  {
    name: 'thrown plain object',
    js: { fixture: 'js/handlers', handler: 'errors.throwsObject' },
    python: { notApplicable: 'Python can only raise exceptions' },
    events: [{ event: {} }],
    check: (r, engine) =>
      invocationError(r, engine, { errorType: 'object', errorMessage: '[object Object]' }),
  },
  {
    name: 'promise rejected with undefined reports "handled"',
    js: { fixture: 'js/handlers', handler: 'errors.rejectsUndefined' },
    python: { notApplicable: 'no promises in Python' },
    events: [{ event: {} }],
    check: (r, engine) => invocationError(r, engine, { errorType: 'string', errorMessage: 'handled' }),
  },
  {
    name: 'circular result is an invocation error, not a crash',
    js: { fixture: 'js/handlers', handler: 'errors.circular' },
    python: { fixture: 'python/handlers', handler: 'errors.not_serialisable' },
    events: [{ event: {} }, { event: {} }],
    check: (r, engine) => {
      const errorType = engine === 'python' ? 'Runtime.MarshalError' : 'Runtime.JSONStringifyError';
      invocationError(r, engine, { errorType }, 0);
      invocationError(r, engine, { errorType }, 1);
    },
  },
  {
    name: 'BigInt in the result is an invocation error',
    js: { fixture: 'js/handlers', handler: 'errors.bigint' },
    python: {
      notApplicable: 'Python ints of any size are valid JSON; an unserialisable result is the circular case',
    },
    events: [{ event: {} }],
    check: (r, engine) => invocationError(r, engine, { errorType: 'Runtime.JSONStringifyError' }),
  },
  {
    name: 'async handler whose promise never settles fails with Runtime.NodeJsExit',
    js: { fixture: 'js/handlers', handler: 'errors.neverSettles' },
    python: { notApplicable: 'no promises in Python' },
    events: [{ event: {} }, { event: {} }],
    check: (r, engine) => {
      invocationError(r, engine, { errorType: 'Runtime.NodeJsExit', errorMessage: /never settled/ }, 0);
      invocationError(r, engine, { errorType: 'Runtime.NodeJsExit' }, 1);
    },
  },
  {
    name: 'an error does not poison the next invocation',
    js: { fixture: 'js/handlers', handler: 'errors.throwsError' },
    python: { fixture: 'python/handlers', handler: 'errors.throws_error' },
    events: [{ event: {} }, { event: {} }, { event: {} }],
    check: (r, engine) => {
      for (let i = 0; i < 3; i++) {
        invocationError(r, engine, { errorType: engine === 'python' ? 'Exception' : 'Error' }, i);
      }
      assert.equal(new Set(r.requests.map((q) => q.connection)).size, 1, 'one keep-alive connection');
    },
  },
  {
    name: 'error bodies carry no environment secrets',
    js: { fixture: 'js/handlers', handler: 'errors.secretInError' },
    python: { fixture: 'python/handlers', handler: 'errors.throws_error' },
    env: { AWS_SECRET_ACCESS_KEY: 'FAKE-SECRET-DO-NOT-LEAK-1234' },
    events: [{ event: {} }],
    check: (r) => {
      for (const request of r.requests) assert.doesNotMatch(request.body.toString('utf8'), /FAKE-SECRET/);
      assert.doesNotMatch(r.stdout, /FAKE-SECRET/);
      assert.doesNotMatch(r.stderr, /FAKE-SECRET/);
      void responseJson;
    },
  },
];
