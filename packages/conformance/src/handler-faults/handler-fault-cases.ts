import assert from 'node:assert/strict';
import {
  assertLoopGoesOn,
  describeFault,
  errorOutcome,
  type FaultCase,
  okResponse,
} from '../faults/fault-case.ts';
import type { FaultRunResult } from '../faults/run-fault.ts';

const js = (handler: string) => ({ fixture: 'js/faults', handler: `handler-faults.${handler}` });
const py = (handler: string) => ({ fixture: 'python/faults', handler: `faults.${handler}` });
const noThrowables = { notApplicable: 'Python can only raise exceptions' };
const noPromises = { notApplicable: 'no promises or callbacks in Python' };
const noStreams = {
  notApplicable: 'Python streams are iterators: there is no stream object to end or destroy',
};

/** AWS's Node client's body when reading an error's name, message or stack throws. */
const UNREADABLE =
  'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack';

function errorCase(
  name: string,
  handler: string,
  python: FaultCase['python'],
  errorType: string | ((engine: string) => string),
  message?: string | RegExp | ((engine: string) => string | RegExp | undefined),
  extra?: (r: FaultRunResult) => void,
): FaultCase {
  return {
    name,
    js: js(handler),
    python,
    events: [{}, {}],
    until: 'answered',
    maxMs: 8_000,
    expect: (engine) =>
      `error ${typeof errorType === 'string' ? errorType : errorType(engine)}${typeof message === 'string' ? ` (${message})` : ''} posted for each; the loop goes on`,
    check: (r, engine) => {
      const type = typeof errorType === 'string' ? errorType : errorType(engine);
      const text = typeof message === 'function' ? message(engine) : message;
      for (const index of [0, 1]) {
        const body = errorOutcome(r, type, index);
        if (typeof text === 'string') assert.equal(body.errorMessage, text);
        else if (text) assert.match(String(body.errorMessage), text);
      }
      extra?.(r);
      assertLoopGoesOn(r);
    },
  };
}

function streamed(r: FaultRunResult, index = 0) {
  const outcome = r.outcomes.get(r.requestIds[index]!)?.[0];
  assert.equal(outcome?.kind, 'response', `invocation #${index} was not streamed${describeFault(r)}`);
  const request = outcome.request;
  assert.equal(request.headers['lambda-runtime-function-response-mode'], 'streaming');
  return {
    body: request.body,
    headers: request.headers,
    errorType: request.trailers['lambda-runtime-function-error-type'],
    errorBody: request.trailers['lambda-runtime-function-error-body'],
  };
}

export const handlerFaults: FaultCase[] = [
  errorCase(
    'handler throws null (async): "handled", as context.fail(null)',
    'throwsNullAsync',
    noThrowables,
    'string',
    'handled',
  ),
  errorCase(
    'handler throws null (sync): an error, never a silent success',
    'throwsNullSync',
    noThrowables,
    'string',
    'handled',
  ),
  errorCase(
    'handler throws undefined (sync): an error',
    'throwsUndefinedSync',
    noThrowables,
    'string',
    'handled',
  ),
  errorCase('handler throws a number (sync)', 'throwsNumberSync', noThrowables, 'number', '7'),
  errorCase('handler throws a Symbol', 'throwsSymbol', noThrowables, 'symbol', 'Symbol(odd)'),
  errorCase(
    'handler throws an object whose getters throw (Python: an exception whose __str__ raises)',
    'throwsGetterObject',
    py('raises_unprintable'),
    (engine) => (engine === 'python' ? 'Unprintable' : 'handled'),
    (engine) => (engine === 'python' ? undefined : UNREADABLE),
  ),
  errorCase(
    'handler throws an Error whose stack getter throws',
    'throwsStackGetter',
    noThrowables,
    'handled',
    UNREADABLE,
  ),
  errorCase(
    'handler throws an object whose toString throws',
    'throwsToStringThrows',
    noThrowables,
    'handled',
    UNREADABLE,
  ),
  errorCase('handler recurses without end', 'recursion', py('recursion'), (engine) =>
    engine === 'python' ? 'RecursionError' : 'RangeError',
  ),
  errorCase('handler returns a circular result', 'circular', py('not_serialisable'), (engine) =>
    engine === 'python' ? 'Runtime.MarshalError' : 'Runtime.JSONStringifyError',
  ),
  errorCase(
    'handler returns a BigInt',
    'bigint',
    { notApplicable: 'Python ints serialise' },
    'Runtime.JSONStringifyError',
  ),
  errorCase(
    'handler returns an object whose toJSON throws',
    'toJsonThrows',
    { notApplicable: 'no toJSON in Python' },
    'Runtime.JSONStringifyError',
  ),
  {
    name: 'callback called twice: the first call wins, one answer',
    js: js('callbackTwice'),
    python: noPromises,
    events: [{}, {}],
    until: 'answered',
    maxMs: 8_000,
    expect: 'response "first" once per invocation',
    check: (r) => {
      assert.equal(okResponse(r, 0) as unknown, 'first');
      assert.equal(okResponse(r, 1) as unknown, 'first');
      assertLoopGoesOn(r);
    },
  },
  {
    name: 'callback with an error, then with a result: the error wins',
    js: js('callbackErrorThenResult'),
    python: noPromises,
    events: [{}],
    until: 'answered',
    maxMs: 8_000,
    expect: 'error "first wins", one answer',
    check: (r) => {
      errorOutcome(r, 'Error');
      assertLoopGoesOn(r);
    },
  },
  {
    name: 'handler both calls the callback and returns a promise: the callback (the first) wins, one answer',
    js: js('promiseAndCallback'),
    python: noPromises,
    events: [{}, {}],
    until: 'answered',
    maxMs: 8_000,
    expect: "response 'from-callback' once (AWS's client: the first of callback/succeed counts)",
    check: (r) => {
      assert.equal(okResponse(r, 0) as unknown, 'from-callback');
      assert.equal(okResponse(r, 1) as unknown, 'from-callback');
      assertLoopGoesOn(r);
    },
  },
  {
    name: 'handler exits the process (process.exit(3) / sys.exit(3))',
    js: js('exitOrQuick'),
    python: py('exit_or_quick'),
    events: [{ event: { exit: 'sys' } }],
    until: 'exit',
    maxMs: 8_000,
    expect:
      'the process exits 3 with nothing posted (Lambda reports Runtime.ExitError; see the emulator case)',
    check: (r) => {
      assert.equal(r.exitCode, 3, describeFault(r));
      assert.equal(r.outcomes.size, 0, 'nothing may be posted as a success');
    },
  },
  {
    name: `handler writes ${Number(process.env.LAMBDA_ENGINES_FLOOD_MIB ?? 256)} MiB to stdout, then answers`,
    js: js('floodStdout'),
    python: py('flood_stdout'),
    events: [{ event: { mib: Number(process.env.LAMBDA_ENGINES_FLOOD_MIB ?? 256) } }],
    until: 'answered',
    maxMs: 40_000,
    expect: 'answered after the flood, the loop goes on',
    check: (r) => {
      assert.equal(okResponse(r).wrote, Number(process.env.LAMBDA_ENGINES_FLOOD_MIB ?? 256));
      assertLoopGoesOn(r);
    },
  },
  {
    name: 'streaming handler resolves without end(): the runtime ends the stream',
    js: js('streamNoEnd'),
    python: noStreams,
    events: [{}, {}],
    until: 'answered',
    maxMs: 8_000,
    expect:
      "stream ended with the body written so far, no error trailers (AWS's client waits for the timeout)",
    check: (r) => {
      for (const index of [0, 1]) {
        const s = streamed(r, index);
        assert.equal(s.body.toString('utf8'), 'unterminated');
        assert.equal(s.errorType, undefined);
      }
      assertLoopGoesOn(r);
    },
  },
  {
    name: 'HttpResponseStream.from() then end() with no write: the prelude still goes out',
    js: js('httpEndNoWrite'),
    python: noStreams,
    events: [{}],
    until: 'answered',
    maxMs: 8_000,
    expect: 'prelude JSON + 8 NULs, http-integration content type',
    check: (r) => {
      const s = streamed(r);
      assert.equal(s.headers['content-type'], 'application/vnd.awslambda.http-integration-response');
      const text = s.body.toString('latin1');
      const cut = text.indexOf('\0'.repeat(8));
      assert.ok(cut > 0, `no prelude delimiter in ${JSON.stringify(text)}`);
      assert.deepEqual(JSON.parse(text.slice(0, cut)).statusCode, 204);
      assert.equal(text.length, cut + 8, 'nothing after the delimiter');
    },
  },
  {
    name: 'streaming handler throws after end(): the body stands, one answer, the loop goes on',
    js: js('errorAfterEnd'),
    python: noStreams,
    events: [{}, {}],
    until: 'answered',
    maxMs: 8_000,
    expect: 'body "done" once; the error is logged (in the trailers if the request was still open)',
    check: (r) => {
      for (const index of [0, 1]) {
        const s = streamed(r, index);
        assert.equal(s.body.toString('utf8'), 'done');
        if (s.errorType !== undefined) assert.equal(s.errorType, 'Error');
      }
      assert.match(r.stdout + r.stderr, /after end/);
      assertLoopGoesOn(r);
    },
  },
  {
    name: 'streaming handler destroys its stream with an error: the error is in the trailers',
    js: js('streamDestroyed'),
    python: py('stream_error_after_first'),
    events: [{}, {}],
    until: 'answered',
    maxMs: 8_000,
    expect: 'partial body + error trailers (type, base64 body); the loop goes on',
    check: (r, engine) => {
      for (const index of [0, 1]) {
        const s = streamed(r, index);
        assert.equal(s.body.toString('utf8'), 'partial;');
        assert.equal(s.errorType, 'TypeError');
        const body = JSON.parse(Buffer.from(String(s.errorBody), 'base64').toString('utf8'));
        assert.equal(body.errorType, 'TypeError');
        assert.match(
          body.errorMessage,
          engine === 'python' ? /failed mid-stream/ : /destroyed by the handler/,
        );
      }
      assertLoopGoesOn(r);
    },
  },
];
