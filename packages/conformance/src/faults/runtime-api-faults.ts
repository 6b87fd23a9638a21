import assert from 'node:assert/strict';
import {
  assertFatal,
  assertLoopGoesOn,
  describeFault,
  errorOutcome,
  type FaultCase,
  okResponse,
} from './fault-case.ts';
import type { CallInfo, FaultHook } from './faulty-runtime-api.ts';

const js = (handler: string) => ({ fixture: 'js/faults', handler: `index.${handler}` });
const py = (handler: string) => ({ fixture: 'python/faults', handler: `faults.${handler}` });

/** Answers the first `/next` (or the call of `kind` number `index`) with `answer`. */
function on(kind: CallInfo['kind'], index: number, answer: (call: CallInfo) => void): FaultHook {
  return (call) => {
    if (call.kind !== kind || call.index !== index) return false;
    answer(call);
    return true;
  };
}

/** Raw bytes on the socket, then the connection is closed. */
function raw(bytes: string | Buffer): (call: CallInfo) => void {
  return ({ socket }) => {
    socket.end(bytes);
  };
}

function status(code: number): (call: CallInfo) => void {
  return ({ res, req }) => {
    req.resume();
    req.on('end', () => {
      const text = JSON.stringify({ errorType: `Fault${code}`, errorMessage: `injected ${code}` });
      res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    });
  };
}

const SIX_MB = 6 * 1024 * 1024 - 1024;

export const runtimeApiFaults: FaultCase[] = [
  {
    name: '/next answers 500',
    js: js('echo'),
    python: py('echo'),
    hook: on('next', 0, status(500)),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named error on stderr, exit 1',
    check: (r, engine) => assertFatal(r, engine, /500/),
  },
  {
    name: '/next answers 403',
    js: js('echo'),
    python: py('echo'),
    hook: on('next', 0, status(403)),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named error on stderr, exit 1',
    check: (r, engine) => assertFatal(r, engine, /403/),
  },
  {
    name: '/next answers an unexpected status (418)',
    js: js('echo'),
    python: py('echo'),
    hook: on('next', 0, status(418)),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named error on stderr, exit 1',
    check: (r, engine) => assertFatal(r, engine, /418/),
  },
  {
    name: '/next closes the connection in the middle of the headers',
    js: js('echo'),
    python: py('echo'),
    hook: on('next', 0, raw('HTTP/1.1 200 OK\r\nContent-Type: applica')),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named error (connection closed) on stderr, exit 1',
    check: (r, engine) => assertFatal(r, engine),
  },
  {
    name: '/next closes the connection in the middle of the body',
    js: js('echo'),
    python: py('echo'),
    hook: on(
      'next',
      0,
      raw(
        'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n' +
          'Lambda-Runtime-Aws-Request-Id: cut-body\r\nLambda-Runtime-Deadline-Ms: 99999999999999\r\n\r\n{"partial":',
      ),
    ),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named error (connection closed) on stderr, exit 1; the half event never reaches the handler',
    check: (r, engine) => {
      assertFatal(r, engine);
      assert.equal(r.api.counts.response + r.api.counts.error, 0, 'nothing may be posted for a half event');
    },
  },
  {
    name: '/next resets the connection before answering',
    js: js('echo'),
    python: py('echo'),
    hook: on('next', 0, ({ socket }) => socket.resetAndDestroy()),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named error (ECONNRESET) on stderr, exit 1',
    check: (r, engine) => assertFatal(r, engine),
  },
  {
    name: '/next answers a malformed status line',
    js: js('echo'),
    python: py('echo'),
    hook: on('next', 0, raw('HTTP/1.1 OK-ish\r\nContent-Length: 2\r\n\r\n{}')),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named protocol error on stderr, exit 1',
    check: (r, engine) => assertFatal(r, engine),
  },
  {
    name: '/next answers with broken chunked framing',
    js: js('echo'),
    python: py('echo'),
    hook: on(
      'next',
      0,
      raw(
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nLambda-Runtime-Aws-Request-Id: bad-chunks\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      ),
    ),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named protocol error on stderr, exit 1',
    check: (r, engine) => assertFatal(r, engine),
  },
  {
    name: '/next answers a 70 KB header',
    js: js('echo'),
    python: py('echo'),
    hook: on(
      'next',
      0,
      raw(
        `HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: big\r\nX-Big: ${'a'.repeat(70_000)}\r\nContent-Length: 2\r\n\r\n{}`,
      ),
    ),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named protocol error on stderr, exit 1',
    check: (r, engine) => assertFatal(r, engine),
  },
  {
    name: '/next omits the request id header',
    js: js('echo'),
    python: py('echo'),
    hook: on('next', 0, ({ res }) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Lambda-Runtime-Deadline-Ms': String(Date.now() + 30_000),
      });
      res.end('{"no":"id"}');
    }),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named error (no request id) on stderr, exit 1; the handler is not run',
    check: (r, engine) => {
      assertFatal(r, engine, /Request-Id/i);
      assert.equal(r.api.counts.response + r.api.counts.error, 0);
    },
  },
  {
    name: '/next omits the deadline header: the invocation runs, remaining time is not positive',
    js: js('echo'),
    python: py('echo'),
    events: [{ omitHeaders: ['Lambda-Runtime-Deadline-Ms'] }],
    until: 'answered',
    maxMs: 8_000,
    expect: "answered; getRemainingTimeInMillis() <= 0 (AWS's client reads a missing deadline as 0)",
    check: (r) => {
      const body = okResponse(r);
      assert.ok(Number(body.remaining) <= 0, `remaining ${body.remaining}`);
      assertLoopGoesOn(r);
    },
  },
  {
    name: '/next sends a body that is not JSON: an invocation error, the loop goes on',
    js: js('echo'),
    python: py('echo'),
    events: [{ raw: Buffer.from('{"not json') }, {}],
    until: 'answered',
    maxMs: 8_000,
    expect: (engine) =>
      engine === 'python'
        ? 'Runtime.UnmarshalError posted, next invocation answered'
        : 'SyntaxError posted, next invocation answered',
    check: (r, engine) => {
      errorOutcome(r, engine === 'python' ? 'Runtime.UnmarshalError' : 'SyntaxError', 0);
      okResponse(r, 1);
      assertLoopGoesOn(r);
    },
  },
  {
    name: '/next sends a 6 MB event',
    js: js('echo'),
    python: py('echo'),
    events: [{ event: { big: 'e'.repeat(SIX_MB) } }],
    until: 'answered',
    maxMs: 20_000,
    expect: 'answered with the full size',
    check: (r) => {
      const body = okResponse(r);
      assert.ok(Number(body.size) >= SIX_MB, `size ${body.size}`);
    },
  },
  {
    name: 'the response POST answers 413',
    js: js('echo'),
    python: py('echo'),
    hook: on('response', 0, status(413)),
    events: [{}, {}],
    until: (api) => api.counts.next >= 3 && api.pendingNext > 0,
    maxMs: 8_000,
    expect: (engine) =>
      engine === 'python'
        ? 'named error on stderr (413), no success recorded; the loop goes on'
        : 'Function.ResponseSizeTooLarge posted to /error; the loop goes on',
    check: (r, engine) => {
      if (engine === 'python') {
        assert.match(r.stderr, /413/, describeFault(r));
        assert.equal(r.outcomes.get(r.requestIds[0]!)?.[0]?.kind === 'response', false);
      } else {
        errorOutcome(r, 'Function.ResponseSizeTooLarge', 0);
      }
      okResponse(r, 1);
      assertLoopGoesOn(r);
    },
  },
  {
    name: 'the response POST answers 400 (unknown request id): logged, the loop goes on',
    js: js('echo'),
    python: py('echo'),
    hook: on('response', 0, status(400)),
    events: [{}, {}],
    until: (api) => api.counts.next >= 3 && api.pendingNext > 0,
    maxMs: 8_000,
    expect: 'named error on stderr (400); the next invocation is answered',
    check: (r) => {
      assert.match(r.stderr, /400/, describeFault(r));
      okResponse(r, 1);
      assertLoopGoesOn(r);
    },
  },
  {
    name: 'the response POST answers 500',
    js: js('echo'),
    python: py('echo'),
    hook: on('response', 0, status(500)),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named error on stderr (500), exit 1',
    check: (r, engine) => assertFatal(r, engine, /500/),
  },
  {
    name: 'the response POST resets the connection',
    js: js('echo'),
    python: py('echo'),
    hook: on('response', 0, ({ socket }) => socket.resetAndDestroy()),
    events: [{}],
    until: (api) => api.counts.response >= 2,
    maxMs: 8_000,
    expect: (engine) =>
      engine === 'python'
        ? 'retried once on a fresh connection (the reset connection was a reused one), then answered'
        : 'named error (connection reset) on stderr, exit 1',
    check: (r, engine) => {
      if (engine === 'python') {
        okResponse(r, 0);
        assert.equal(r.api.counts.response, 2);
      } else {
        assertFatal(r, engine);
      }
    },
  },
  {
    name: 'the error POST answers 500',
    js: js('fails'),
    python: py('fails'),
    hook: on('error', 0, status(500)),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'named error on stderr (500), exit 1',
    check: (r, engine) => assertFatal(r, engine, /500/),
  },
  {
    name: 'the init error POST answers 500',
    js: { fixture: 'js/faults', handler: 'index.missingExport' },
    python: { fixture: 'python/faults', handler: 'faults.missing_export' },
    hook: on('init-error', 0, status(500)),
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'the init error and the failed report on stderr, exit non-zero',
    check: (r) => {
      assert.notEqual(r.exitCode, undefined, describeFault(r));
      assert.notEqual(r.exitCode, 0, describeFault(r));
      assert.match(r.stderr + r.stdout, /HandlerNotFound/, describeFault(r));
      assert.match(r.stderr, /500/, describeFault(r));
    },
  },
  {
    name: 'the streaming POST is reset mid-stream',
    js: js('stream'),
    python: py('stream'),
    hook: (call) => {
      if (call.kind !== 'response' || !call.streaming || call.index !== 0) return false;
      call.req.once('data', () => setTimeout(() => call.socket.resetAndDestroy(), 30));
      return true;
    },
    events: [{}, {}],
    until: (api) => api.outcomes.size >= 1 && api.pendingNext > 0,
    maxMs: 10_000,
    expect: (engine) =>
      engine === 'python'
        ? 'named error on stderr; no success recorded for the cut stream; the next stream is answered'
        : 'ResponseStreamConnectionError logged as the invoke error; no success recorded for the cut stream; the next stream is answered',
    check: (r, engine) => {
      assert.match(
        r.stdout + r.stderr,
        engine === 'python' ? /lambda-runtime: .*endpoint failed/ : /ResponseStreamConnectionError/,
        describeFault(r),
      );
      assert.equal(r.outcomes.get(r.requestIds[1]!)?.[0]?.kind, 'response', describeFault(r));
      assert.equal(
        r.outcomes.get(r.requestIds[0]!),
        undefined,
        'the cut stream was not recorded as answered',
      );
      assert.equal(r.api.aborted.filter((a) => a.kind === 'response').length, 1);
    },
  },
  {
    name: 'the Runtime API starts listening 300 ms after the runtime',
    js: js('echo'),
    python: py('echo'),
    listenAfterMs: 300,
    events: [{}],
    until: 'answered',
    maxMs: 8_000,
    expect: 'a bounded connect retry, then answered',
    check: (r) => {
      okResponse(r);
      assertLoopGoesOn(r);
    },
  },
  {
    name: 'the Runtime API never listens',
    js: js('echo'),
    python: py('echo'),
    listenAfterMs: -1,
    events: [{}],
    until: 'exit',
    maxMs: 8_000,
    expect: 'a bounded retry (about 1 s), then a named error (unreachable) and exit 1',
    check: (r, engine) => {
      assertFatal(r, engine, /ECONNREFUSED|refused/i);
      assert.ok(r.elapsedMs < 6_000, `took ${r.elapsedMs} ms`);
    },
  },
  {
    name: 'the Runtime API disappears while the runtime waits on /next',
    js: js('echo'),
    python: py('echo'),
    events: [{}],
    during: async (api, run) => {
      await api.waitFor(
        () => (api.outcomes.get(run.requestIds[0]!)?.length ?? 0) > 0 && api.pendingNext > 0,
        8_000,
      );
      await api.disappear();
    },
    until: 'exit',
    maxMs: 10_000,
    expect: 'named error on stderr, exit 1 within a bounded time (no busy loop)',
    check: (r, engine) => {
      okResponse(r, 0);
      assert.notEqual(r.exitCode, undefined, describeFault(r));
      assert.notEqual(r.exitCode, 0, describeFault(r));
      assert.match(
        r.stderr,
        engine === 'python' ? /lambda-runtime:/ : /lambda-engines: RuntimeApi\w*Error/,
        describeFault(r),
      );
    },
  },
  {
    name: 'the Runtime API disappears while the handler runs',
    js: js('slow'),
    python: py('slow'),
    events: [{}],
    during: async (api) => {
      await api.waitFor(() => api.counts.next >= 1, 8_000);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await api.disappear();
    },
    until: 'exit',
    maxMs: 10_000,
    expect: 'named error on stderr when the result cannot be posted, exit 1',
    check: (r, engine) => assertFatal(r, engine),
  },
  {
    name: 'the Runtime API closes every connection after answering (Connection: close)',
    js: js('echo'),
    python: py('echo'),
    hook: (call) => {
      call.res.setHeader('Connection', 'close');
      return false;
    },
    events: [{}, {}, {}],
    until: 'answered',
    maxMs: 8_000,
    expect: 'a new connection per request; all answered',
    check: (r) => {
      for (let i = 0; i < 3; i++) okResponse(r, i);
      assertLoopGoesOn(r);
    },
  },
  {
    name: 'the Runtime API drops the idle keep-alive connection between invocations',
    js: js('echo'),
    python: py('echo'),
    hook: (call, api) => {
      if (call.kind !== 'response') return false;
      call.res.on('finish', () => {
        const nextCalls = api.counts.next;
        // Only while nothing else was asked on it: a truly idle connection.
        setTimeout(() => api.counts.next === nextCalls && api.dropIfIdle(call.socket), 5);
      });
      return false;
    },
    events: [{}, {}, {}],
    until: 'answered',
    maxMs: 8_000,
    expect: 'reconnects; all answered',
    check: (r) => {
      for (let i = 0; i < 3; i++) okResponse(r, i);
      assertLoopGoesOn(r);
    },
  },
];
