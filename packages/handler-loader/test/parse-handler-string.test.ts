import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MalformedHandlerNameError } from '../src/errors.ts';
import { loadHandler, parseHandlerString } from '../src/index.ts';

describe('parseHandlerString', () => {
  const valid: Array<[string, ReturnType<typeof parseHandlerString>]> = [
    ['index.handler', { moduleRoot: '', moduleName: 'index', handlerPath: ['handler'] }],
    ['index.a.b.c', { moduleRoot: '', moduleName: 'index', handlerPath: ['a', 'b', 'c'] }],
    ['dir/sub/file.handler', { moduleRoot: 'dir/sub', moduleName: 'file', handlerPath: ['handler'] }],
    ['./src/index.handler', { moduleRoot: './src', moduleName: 'index', handlerPath: ['handler'] }],
    ['/opt/app/index.handler', { moduleRoot: '/opt/app', moduleName: 'index', handlerPath: ['handler'] }],
    // v4 trims the trailing slash; we keep a lone "/" so "/index.handler" stays absolute (v3 behaviour).
    ['/index.handler', { moduleRoot: '/', moduleName: 'index', handlerPath: ['handler'] }],
    ['my-pkg.handler', { moduleRoot: '', moduleName: 'my-pkg', handlerPath: ['handler'] }],
    ['index.', { moduleRoot: '', moduleName: 'index', handlerPath: [''] }],
    ['.handler', { moduleRoot: '', moduleName: '', handlerPath: ['handler'] }],
    // RIC finds the module root with indexOf, so a directory named like the file part is dropped.
    ['a.b/a.b', { moduleRoot: '', moduleName: 'a', handlerPath: ['b'] }],
  ];
  for (const [input, expected] of valid) {
    it(`parses ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseHandlerString(input), expected);
    });
  }

  const bad: Array<[string, string]> = [
    ['index', 'Bad handler'],
    ['', 'Bad handler'],
    ['dir/', 'Bad handler'],
    ['dir/index', 'Bad handler'],
    [
      'malformed..handler',
      "'malformed..handler' is not a valid handler name. Use absolute paths when specifying root directories in handler names.",
    ],
    [
      '../index.handler',
      "'../index.handler' is not a valid handler name. Use absolute paths when specifying root directories in handler names.",
    ],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseHandlerString(input),
        (err: unknown) => {
          assert.ok(err instanceof MalformedHandlerNameError);
          assert.equal(err.name, 'Runtime.MalformedHandlerName');
          assert.equal(err.code, 'ERR_MALFORMED_HANDLER_NAME');
          assert.equal(err.message, message);
          return true;
        },
      );
    });
  }

  it('checks ".." before the missing dot, as RIC does', () => {
    assert.throws(() => parseHandlerString('..'), /is not a valid handler name/);
  });

  it('loadHandler rejects (never throws synchronously) on a malformed name', async () => {
    const promise = loadHandler({ taskRoot: '/nonexistent', handler: 'nodot' });
    assert.ok(promise instanceof Promise);
    await assert.rejects(promise, MalformedHandlerNameError);
  });
});
