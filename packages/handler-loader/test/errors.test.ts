import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canRunTypeScript, currentEngine } from '../src/engine.ts';
import { normalizeEngineError } from '../src/engine-errors.ts';
import {
  HandlerLoadError,
  HandlerNotFoundError,
  ImportModuleError,
  MalformedHandlerNameError,
  UserCodeSyntaxError,
} from '../src/errors.ts';
import { isFetchHandlerObject } from '../src/resolve-handler.ts';

describe('errors', () => {
  const table = [
    [MalformedHandlerNameError, 'Runtime.MalformedHandlerName', 'ERR_MALFORMED_HANDLER_NAME'],
    [ImportModuleError, 'Runtime.ImportModuleError', 'ERR_IMPORT_MODULE'],
    [HandlerNotFoundError, 'Runtime.HandlerNotFound', 'ERR_HANDLER_NOT_FOUND'],
    [UserCodeSyntaxError, 'Runtime.UserCodeSyntaxError', 'ERR_USER_CODE_SYNTAX'],
  ] as const;
  for (const [ErrorClass, name, code] of table) {
    it(`${name}: name is the Lambda error type, code is stable, cause is kept`, () => {
      const cause = new Error('inner');
      const err = new ErrorClass('message', { cause });
      assert.ok(err instanceof HandlerLoadError);
      assert.ok(err instanceof Error);
      assert.equal(err.name, name);
      assert.equal(err.code, code);
      assert.equal(err.cause, cause);
      assert.equal(err.stack?.split('\n')[0], `${name}: message`);
      // name stays on the prototype, out of JSON.stringify (as in RIC).
      assert.equal(Object.hasOwn(err, 'name'), false);
      assert.deepEqual(JSON.parse(JSON.stringify(err)), { code });
    });
  }
});

describe('normalizeEngineError (Bun module errors)', () => {
  it('turns a BuildMessage into a SyntaxError with a Node-style decorated stack', () => {
    const buildMessage = Object.assign(new Error('Unexpected }'), {
      name: 'BuildMessage',
      position: { file: '/var/task/index.js', line: 2, column: 11, lineText: '  return }};' },
    });
    const err = normalizeEngineError(buildMessage);
    assert.ok(err instanceof SyntaxError);
    assert.equal(String(err), 'SyntaxError: Unexpected }');
    assert.equal(err.cause, buildMessage);
    assert.deepEqual(err.stack?.split('\n'), [
      '/var/task/index.js:2',
      '  return }};',
      '          ^',
      '',
      'SyntaxError: Unexpected }',
      '    at /var/task/index.js:2:11',
    ]);
  });

  it('turns a ResolveMessage into a plain Error with the same code and message', () => {
    const resolveMessage = Object.assign(new Error("Cannot find package 'x' imported from /var/task/a.mjs"), {
      name: 'ResolveMessage',
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const err = normalizeEngineError(resolveMessage) as Error & { code?: string };
    assert.equal(err.name, 'Error');
    assert.equal(err.code, 'ERR_MODULE_NOT_FOUND');
    assert.equal(err.message, resolveMessage.message);
    assert.equal(err.stack?.split('\n')[0], `Error [ERR_MODULE_NOT_FOUND]: ${resolveMessage.message}`);
    assert.equal(err.cause, resolveMessage);
  });

  it('leaves everything else alone', () => {
    const err = new TypeError('x');
    assert.equal(normalizeEngineError(err), err);
    assert.equal(normalizeEngineError('str'), 'str');
    assert.equal(normalizeEngineError(undefined), undefined);
  });
});

describe('engine', () => {
  it('tells Node from Bun', () => {
    assert.deepEqual(currentEngine(), { name: 'node', version: process.versions.node });
  });

  it('knows whether this Node can strip types', () => {
    const major = Number(process.versions.node.split('.')[0]);
    const typescript = (process.features as { typescript?: unknown }).typescript;
    if (major < 22) assert.equal(canRunTypeScript(), false);
    else if (typescript !== undefined) assert.equal(canRunTypeScript(), typescript !== false);
  });
});

describe('isFetchHandlerObject', () => {
  it('accepts objects with a callable fetch only', () => {
    assert.equal(isFetchHandlerObject({ fetch() {} }), true);
    assert.equal(isFetchHandlerObject({ fetch: 'x' }), false);
    assert.equal(
      isFetchHandlerObject(() => {}),
      false,
    );
    assert.equal(isFetchHandlerObject(null), false);
  });
});
