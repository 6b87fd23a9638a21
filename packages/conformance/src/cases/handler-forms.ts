import assert from 'node:assert/strict';
import type { ConformanceCase } from '../case-types.ts';
import { initError, responseJson } from '../expect.ts';

const event = { name: 'Ada', list: [1, 2, 3] };

export const handlerFormCases: ConformanceCase[] = [
  {
    name: 'commonjs .js handler without package.json',
    js: { fixture: 'js/handlers', handler: 'basic.echo' },
    python: { fixture: 'python/handlers', handler: 'basic.echo' },
    events: [{ event }],
    check: (r) => assert.deepEqual(responseJson(r), { echo: event }),
  },
  {
    name: 'ES module .mjs handler',
    js: { fixture: 'js/handlers', handler: 'mjs-handler.handler' },
    python: { notApplicable: 'Python has one module format' },
    events: [{ event }],
    check: (r) => assert.deepEqual(responseJson(r), { format: 'mjs', event }),
  },
  {
    name: 'CommonJS .cjs handler',
    js: { fixture: 'js/handlers', handler: 'cjs-handler.handler' },
    python: { notApplicable: 'Python has one module format' },
    events: [{ event }],
    check: (r) => assert.deepEqual(responseJson(r), { format: 'cjs', event }),
  },
  {
    name: '.js as ESM under "type": "module", importing a sibling',
    js: { fixture: 'js/esm-pkg', handler: 'index.handler' },
    python: { notApplicable: 'Python has one module format' },
    events: [{ event }],
    check: (r) => assert.deepEqual(responseJson(r), { format: 'esm-type-module', greeting: 'hello Ada' }),
  },
  {
    name: 'default export named in _HANDLER',
    js: { fixture: 'js/esm-pkg', handler: 'index.default' },
    python: { notApplicable: 'Python modules have no default export' },
    events: [{ event }],
    check: (r) => assert.deepEqual(responseJson(r), { format: 'default export', event }),
  },
  {
    name: 'handler in nested folders (dir/sub/file.handler)',
    js: { fixture: 'js/nested', handler: 'deep/er/fn.handler' },
    python: { fixture: 'python/nested', handler: 'deep/er/fn.handler' },
    events: [{ event }],
    check: (r) => assert.deepEqual(responseJson(r), { from: 'nested/deep/er/fn.js' }),
  },
  {
    name: 'nested export path (module.a.b.c)',
    js: { fixture: 'js/handlers', handler: 'basic.nested.api.v1.handler' },
    python: {
      notApplicable:
        'awslambdaric splits _HANDLER at its last dot: basic.nested.api.v1.handler would import a module basic.nested.api.v1',
    },
    events: [{ event }],
    check: (r) => assert.equal(responseJson(r), 'nested export path'),
  },
  {
    name: 'handler resolved from node_modules',
    js: { fixture: 'js/node_modules-pkg', handler: 'greeter-lambda.handler' },
    python: {
      notApplicable:
        'Python has no node_modules: modules come from sys.path (LAMBDA_TASK_ROOT first), as in the basic case',
    },
    events: [{ event }],
    check: (r) => assert.deepEqual(responseJson(r), { from: 'node_modules/greeter-lambda', name: 'Ada' }),
  },
  {
    name: 'TypeScript handler: loads on Bun, clear error on a Node without type stripping',
    js: { fixture: 'js/typescript', handler: 'handler.handler' },
    python: { notApplicable: 'TypeScript is a JavaScript-engine feature' },
    events: [{ event }],
    check: (r, engine) => {
      // Bun always loads it; a Node either strips types (22.18+, 23.6+) and loads it, or says clearly why not.
      if (engine === 'bun' || !r.initError) {
        assert.deepEqual(responseJson(r), { message: 'typed Ada' });
      } else {
        initError(r, engine, {
          errorType: 'Runtime.ImportModuleError',
          errorMessage: /TypeScript.*Node\.js >= 22\.18/s,
        });
      }
    },
  },
  {
    name: 'sync handler returning a value (posted, as nodejs24.x does)',
    js: { fixture: 'js/handlers', handler: 'basic.syncValue' },
    python: { fixture: 'python/handlers', handler: 'basic.sync_value' },
    events: [{ event: { n: 7 } }],
    check: (r) => assert.deepEqual(responseJson(r), { sync: true, got: 7 }),
  },
  {
    name: 'sync handler returning nothing succeeds with null',
    js: { fixture: 'js/handlers', handler: 'basic.syncNoReturn' },
    python: { fixture: 'python/handlers', handler: 'basic.no_return' },
    events: [{ event }],
    check: (r) => assert.equal(responseJson(r), null),
  },
  {
    name: 'async handler returning undefined posts null',
    js: { fixture: 'js/handlers', handler: 'basic.returnsUndefined' },
    python: {
      notApplicable:
        'awslambdaric has no async handlers (a coroutine result is a Runtime.MarshalError); None is the "returning nothing" case',
    },
    events: [{ event }],
    check: (r) => assert.equal(responseJson(r), null),
  },
  {
    name: 'string result is JSON-encoded',
    js: { fixture: 'js/handlers', handler: 'basic.rawString' },
    python: { fixture: 'python/handlers', handler: 'basic.raw_string' },
    events: [{ event }],
    check: (r) => assert.equal(responseJson(r), 'plain string result'),
  },
];
