import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import {
  errorTypeHeader,
  serializeErrorBody,
  toRuntimeErrorBody,
  UNREADABLE_ERROR_MESSAGE,
} from '../src/runtime-error-body.ts';

const HANDLED = { errorType: 'handled', errorMessage: UNREADABLE_ERROR_MESSAGE, trace: [] };

describe('toRuntimeErrorBody', () => {
  test('Error: name, message, stack split on newlines', () => {
    const error = new Error('boom');
    assert.deepEqual(toRuntimeErrorBody(error), {
      errorType: 'Error',
      errorMessage: 'boom',
      trace: error.stack!.split('\n'),
    });
  });

  test('built-in subclasses and user subclasses', () => {
    assert.equal(toRuntimeErrorBody(new TypeError('t')).errorType, 'TypeError');
    assert.equal(toRuntimeErrorBody(new RangeError('r')).errorType, 'RangeError');
    class ImportModuleError extends Error {}
    ImportModuleError.prototype.name = 'Runtime.ImportModuleError';
    const body = toRuntimeErrorBody(new ImportModuleError('missing'));
    assert.equal(body.errorType, 'Runtime.ImportModuleError');
    assert.equal(body.errorMessage, 'missing');
    assert.match(body.trace[0]!, /^Runtime\.ImportModuleError: missing/);
  });

  test('custom name set on an instance, empty message', () => {
    const error = new Error('');
    error.name = 'MyError';
    assert.equal(toRuntimeErrorBody(error).errorType, 'MyError');
    assert.equal(toRuntimeErrorBody(error).errorMessage, '');
  });

  test('an Error from another realm (vm context) is still an Error', () => {
    const error = runInNewContext('new RangeError("other realm")');
    assert.equal(toRuntimeErrorBody(error).errorType, 'RangeError');
    assert.equal(toRuntimeErrorBody(error).errorMessage, 'other realm');
  });

  test('duck-typed error object (AWS _isError)', () => {
    const body = toRuntimeErrorBody({ name: 'Fake', message: 'msg', stack: 'Fake: msg\n    at x' });
    assert.deepEqual(body, { errorType: 'Fake', errorMessage: 'msg', trace: ['Fake: msg', '    at x'] });
  });

  test('Error without a string stack: trace []', () => {
    const error = new Error('no stack');
    error.stack = undefined;
    assert.deepEqual(toRuntimeErrorBody(error), { errorType: 'Error', errorMessage: 'no stack', trace: [] });
  });

  test('non-Errors: typeof and String()', () => {
    assert.deepEqual(toRuntimeErrorBody(null), { errorType: 'object', errorMessage: 'null', trace: [] });
    assert.deepEqual(toRuntimeErrorBody(undefined), {
      errorType: 'undefined',
      errorMessage: 'undefined',
      trace: [],
    });
    assert.deepEqual(toRuntimeErrorBody(42), { errorType: 'number', errorMessage: '42', trace: [] });
    assert.deepEqual(toRuntimeErrorBody('str'), { errorType: 'string', errorMessage: 'str', trace: [] });
    assert.deepEqual(toRuntimeErrorBody(true), { errorType: 'boolean', errorMessage: 'true', trace: [] });
    assert.deepEqual(toRuntimeErrorBody({ a: 1 }), {
      errorType: 'object',
      errorMessage: '[object Object]',
      trace: [],
    });
    assert.deepEqual(toRuntimeErrorBody(Symbol('s')), {
      errorType: 'symbol',
      errorMessage: 'Symbol(s)',
      trace: [],
    });
    assert.deepEqual(toRuntimeErrorBody(10n), { errorType: 'bigint', errorMessage: '10', trace: [] });
    assert.deepEqual(toRuntimeErrorBody([1, 2]), { errorType: 'object', errorMessage: '1,2', trace: [] });
    const fn = () => 1;
    assert.equal(toRuntimeErrorBody(fn).errorType, 'function');
  });

  test('never throws: throwing getters, throwing stack, null prototype, revoked Proxy, throwing toString', () => {
    const nameThrows = new Error('x');
    Object.defineProperty(nameThrows, 'name', {
      get() {
        throw new Error('no name');
      },
    });
    assert.deepEqual(toRuntimeErrorBody(nameThrows), HANDLED);

    const messageThrows = new Error('x');
    Object.defineProperty(messageThrows, 'message', {
      get() {
        throw new Error('no message');
      },
    });
    assert.deepEqual(toRuntimeErrorBody(messageThrows), HANDLED);

    const stackThrows = new Error('x');
    Object.defineProperty(stackThrows, 'stack', {
      get() {
        throw new Error('no stack');
      },
    });
    assert.deepEqual(toRuntimeErrorBody(stackThrows), HANDLED);

    assert.deepEqual(toRuntimeErrorBody(Object.create(null)), HANDLED);

    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    assert.deepEqual(toRuntimeErrorBody(proxy), HANDLED);

    const proxyError = new Proxy(new Error('p'), {
      get() {
        throw new Error('trap');
      },
    });
    assert.deepEqual(toRuntimeErrorBody(proxyError), HANDLED);

    assert.deepEqual(
      toRuntimeErrorBody({
        toString() {
          throw new Error('nope');
        },
      }),
      HANDLED,
    );
  });

  test('non-string name/message on a real Error become strings', () => {
    const error = new Error('x');
    (error as any).name = 42;
    (error as any).message = { toString: () => 'object message' };
    const body = toRuntimeErrorBody(error);
    assert.equal(body.errorType, '42');
    assert.equal(body.errorMessage, 'object message');
  });
});

describe('errorTypeHeader', () => {
  test('plain types pass through; unsafe characters are percent-encoded', () => {
    assert.equal(errorTypeHeader({ errorType: 'Runtime.ImportModuleError' }), 'Runtime.ImportModuleError');
    assert.equal(errorTypeHeader({ errorType: 'a\r\nb' }), 'a%0D%0Ab');
    assert.equal(errorTypeHeader({ errorType: 'del\x7f' }), 'del%7F');
    assert.equal(errorTypeHeader({ errorType: 'Zoë✓' }), 'Zo%C3%AB%E2%9C%93');
  });
});

describe('serializeErrorBody', () => {
  test('plain body, and a body with an unserialisable extra member', () => {
    const body = { errorType: 'E', errorMessage: 'm', trace: ['t'] };
    assert.equal(serializeErrorBody(body), JSON.stringify(body));
    const withBigInt = { ...body, extra: 1n };
    assert.deepEqual(JSON.parse(serializeErrorBody(withBigInt)), body);
  });
});
