import assert from 'node:assert/strict';
import { describeFault, type FaultCase, okResponse } from './fault-case.ts';
import type { FaultyRuntimeApi } from './faulty-runtime-api.ts';

const js = { fixture: 'js/faults', handler: 'shutdown.handler' };
const py = { fixture: 'python/faults', handler: 'shutdown.handler' };

/** After one answered invocation, back on the /next long poll: the moment Lambda's shutdown comes. */
const idleAfterOne = (api: FaultyRuntimeApi) => api.outcomes.size >= 1 && api.pendingNext > 0;

/** SIGTERM, Lambda's shutdown signal: `awslambda.onShutdown` (Node, Bun), `on_shutdown` (Python). */
export const shutdownFaults: FaultCase[] = [
  {
    name: 'SIGTERM runs the shutdown hooks, flushes the logs, exits 0',
    js,
    python: py,
    env: { SHUTDOWN_MODE: 'ok' },
    events: [{}],
    signal: { name: 'SIGTERM', when: idleAfterOne },
    until: 'exit',
    maxMs: 8_000,
    expect:
      'hooks ran (a failing one reported on stderr, the others still run), the last 512 KB log line arrives whole, exit 0',
    check: (r) => {
      okResponse(r);
      assert.equal(r.exitCode, 0, describeFault(r));
      assert.match(r.stdout, /hook one ran/, describeFault(r));
      const whole = new RegExp(`last-words:w{${512 * 1024}}:end`).test(r.stdout);
      assert.ok(whole, `the last log line was not flushed whole (stdout: ${r.stdout.length} chars)`);
      assert.match(r.stderr, /hook two failed/, describeFault(r));
      assert.ok((r.exitAfterSignalMs ?? Infinity) < 2_000, `exit ${r.exitAfterSignalMs} ms after SIGTERM`);
    },
  },
  {
    name: 'SIGTERM with a shutdown hook that never finishes: bounded, exits 0',
    js,
    python: py,
    env: { SHUTDOWN_MODE: 'hang', LAMBDA_ENGINES_SHUTDOWN_TIMEOUT_MS: '200' },
    events: [{}],
    signal: { name: 'SIGTERM', when: idleAfterOne },
    until: 'exit',
    maxMs: 8_000,
    expect: 'Runtime.ShutdownTimeout on stderr after the 200 ms bound, exit 0',
    check: (r) => {
      assert.equal(r.exitCode, 0, describeFault(r));
      assert.match(r.stderr, /ShutdownTimeout/, describeFault(r));
      const after = r.exitAfterSignalMs ?? Infinity;
      assert.ok(after >= 180 && after < 1_500, `exit ${after} ms after SIGTERM`);
    },
  },
  {
    name: 'SIGTERM with no shutdown hooks: exits 0 at once',
    js,
    python: py,
    env: { SHUTDOWN_MODE: 'none' },
    events: [{}],
    signal: { name: 'SIGTERM', when: idleAfterOne },
    until: 'exit',
    maxMs: 8_000,
    expect: 'exit 0 within 1 s',
    check: (r) => {
      assert.equal(r.exitCode, 0, describeFault(r));
      assert.ok((r.exitAfterSignalMs ?? Infinity) < 1_000, `exit ${r.exitAfterSignalMs} ms after SIGTERM`);
    },
  },
];
