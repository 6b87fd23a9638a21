import assert from 'node:assert/strict';
import type { ConformanceCase } from '../case-types.ts';
import { initError, invocationError } from '../expect.ts';

const exitsAfterInitError = (exitCode: number | null | undefined) =>
  assert.ok(
    exitCode !== undefined && exitCode !== 0,
    `the runtime exits non-zero after an init error (got ${exitCode})`,
  );

export const initErrorCases: ConformanceCase[] = [
  {
    name: 'Runtime.MalformedHandlerName: no dot',
    js: { fixture: 'js/handlers', handler: 'basic' },
    python: { fixture: 'python/handlers', handler: 'basic' },
    events: [{ event: {} }],
    waitForExit: true,
    check: (r, engine) => {
      initError(r, engine, { errorType: 'Runtime.MalformedHandlerName' });
      exitsAfterInitError(r.exitCode);
    },
  },
  {
    name: 'Runtime.MalformedHandlerName: ".." in the handler',
    js: { fixture: 'js/handlers', handler: '../handlers/basic.echo' },
    python: { fixture: 'python/handlers', handler: '../handlers/basic.echo' },
    events: [{ event: {} }],
    waitForExit: true,
    check: (r, engine) => {
      if (engine === 'python') {
        // awslambdaric has no '..' rule: it turns '/' into '.' and imports '...handlers.basic',
        // which importlib refuses as a relative import without a package (a TypeError, not an
        // ImportError), so the init error carries that class name.
        initError(r, engine, { errorType: 'TypeError', errorMessage: /relative import/ });
      } else {
        initError(r, engine, { errorType: 'Runtime.MalformedHandlerName' });
      }
      exitsAfterInitError(r.exitCode);
    },
  },
  {
    name: 'Runtime.ImportModuleError: module does not exist',
    js: { fixture: 'js/handlers', handler: 'does-not-exist.handler' },
    python: { fixture: 'python/handlers', handler: 'does_not_exist.handler' },
    events: [{ event: {} }],
    waitForExit: true,
    check: (r, engine) => {
      initError(r, engine, { errorType: 'Runtime.ImportModuleError', errorMessage: /does.not.exist/ });
      exitsAfterInitError(r.exitCode);
    },
  },
  {
    name: 'Runtime.ImportModuleError: the module requires a missing package',
    js: { fixture: 'js/handlers', handler: 'missing-dependency.handler' },
    python: { fixture: 'python/handlers', handler: 'missing_dependency.handler' },
    events: [{ event: {} }],
    waitForExit: true,
    check: (r, engine) => {
      initError(r, engine, {
        errorType: 'Runtime.ImportModuleError',
        errorMessage: /this-package-does-not-exist|this_package_does_not_exist/,
      });
    },
  },
  {
    name: 'Runtime.HandlerNotFound: export missing',
    js: { fixture: 'js/handlers', handler: 'basic.nope' },
    python: { fixture: 'python/handlers', handler: 'basic.nope' },
    events: [{ event: {} }],
    waitForExit: true,
    check: (r, engine) => {
      initError(r, engine, { errorType: 'Runtime.HandlerNotFound', errorMessage: /nope/ });
      exitsAfterInitError(r.exitCode);
    },
  },
  {
    name: 'Runtime.HandlerNotFound: export is not a function',
    js: { fixture: 'js/handlers', handler: 'basic.notAFunction' },
    python: { fixture: 'python/handlers', handler: 'basic.not_a_function' },
    events: [{ event: {} }],
    // No waitForExit: no engine's check reads the exit code here, and the Python runtime stays up
    // (its error is per invocation), so waiting for an exit would only burn the 15 s wait.
    check: (r, engine) => {
      if (engine === 'python') {
        // awslambdaric resolves the handler with getattr only and never checks callable(): init
        // succeeds and each invocation fails with Python's own TypeError.
        invocationError(r, engine, { errorType: 'TypeError', errorMessage: /'dict' object is not callable/ });
        return;
      }
      initError(r, engine, { errorType: 'Runtime.HandlerNotFound' });
    },
  },
  {
    name: 'Runtime.UserCodeSyntaxError',
    js: { fixture: 'js/handlers', handler: 'syntax-error.handler' },
    python: { fixture: 'python/handlers', handler: 'syntax_error.handler' },
    events: [{ event: {} }],
    waitForExit: true,
    check: (r, engine) => {
      initError(r, engine, {
        errorType: 'Runtime.UserCodeSyntaxError',
        errorMessage: /SyntaxError|invalid syntax|Unexpected/i,
      });
      exitsAfterInitError(r.exitCode);
    },
  },
  {
    name: 'a module that throws at import reports its own error type',
    js: { fixture: 'js/handlers', handler: 'init-throws.handler' },
    python: { fixture: 'python/handlers', handler: 'init_throws.handler' },
    events: [{ event: {} }],
    waitForExit: true,
    check: (r, engine) => {
      initError(r, engine, { errorType: 'ConfigError', errorMessage: 'missing TABLE_NAME' });
      exitsAfterInitError(r.exitCode);
    },
  },
];
