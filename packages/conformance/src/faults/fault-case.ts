import assert from 'node:assert/strict';
import type { Engine, HandlerRef } from '../case-types.ts';
import type { FaultHook, FaultyRuntimeApi } from './faulty-runtime-api.ts';
import {
  EVENT_MARKER,
  FAKE_SECRET,
  type FaultEvent,
  type FaultRunResult,
  type FaultRunSpec,
} from './run-fault.ts';

/** One misbehaviour of the Runtime API (or of a handler), run through the real process boundary. */
export interface FaultCase {
  readonly name: string;
  readonly js: HandlerRef;
  readonly python?: HandlerRef | { readonly notApplicable: string };
  readonly env?: Readonly<Record<string, string>>;
  readonly hook?: FaultHook;
  readonly events: readonly FaultEvent[];
  readonly listenAfterMs?: number;
  readonly during?: FaultRunSpec['during'];
  readonly signal?: FaultRunSpec['signal'];
  readonly until: FaultRunSpec['until'];
  /** The bound on the whole run; going past it is a hang. */
  readonly maxMs: number;
  /** The expected outcome, in words (for the report table). */
  readonly expect: string | ((engine: Engine) => string);
  readonly check: (result: FaultRunResult, engine: Engine) => void;
}

export function describeFault(r: FaultRunResult): string {
  return (
    `\n--- exit ${r.exitCode} after ${Math.round(r.elapsedMs)} ms (timed out: ${r.timedOut})` +
    `\n--- requests: ${r.api.requests.map((q) => `${q.method} ${q.path.replace('/2018-06-01/runtime', '')}`).join(', ')}` +
    `\n--- aborted: ${JSON.stringify(r.api.aborted)}` +
    `\n--- stdout ---\n${r.stdout.slice(-2000)}\n--- stderr ---\n${r.stderr.slice(-3000)}`
  );
}

/** What every fault run must show, whatever the fault: bounded, nothing leaked, nothing answered twice. */
export function commonChecks(r: FaultRunResult): void {
  assert.equal(r.timedOut, false, `the run did not finish in its bound (a hang)${describeFault(r)}`);
  for (const text of [r.stdout, r.stderr]) {
    assert.ok(!text.includes(FAKE_SECRET), `a credential leaked into the output${describeFault(r)}`);
    assert.ok(!text.includes(EVENT_MARKER), `an event or a response was logged${describeFault(r)}`);
  }
  for (const request of r.api.requests) {
    assert.ok(
      !request.body.toString('latin1').includes(FAKE_SECRET),
      `a credential was sent in ${request.path}`,
    );
    for (const value of Object.values(request.trailers)) assert.ok(!String(value).includes(FAKE_SECRET));
  }
  for (const [id, list] of r.outcomes) {
    assert.ok(list.length <= 1, `invocation ${id} was answered ${list.length} times${describeFault(r)}`);
  }
}

const NAMED_NODE = /lambda-engines: (RuntimeApi\w*Error) \(ERR_RUNTIME_API_\w+\)/;
const NAMED_PYTHON = /lambda-runtime: .*(endpoint failed|Runtime API)/;

/** The environment is unusable: the process exited non-zero by itself, with a named error on stderr. */
export function assertFatal(r: FaultRunResult, engine: Engine, detail?: RegExp): void {
  assert.notEqual(r.exitCode, undefined, `the runtime should have exited${describeFault(r)}`);
  assert.notEqual(r.exitCode, 0, `the runtime exited 0 on an unusable Runtime API${describeFault(r)}`);
  assert.match(
    r.stderr,
    engine === 'python' ? NAMED_PYTHON : NAMED_NODE,
    `no named error on stderr${describeFault(r)}`,
  );
  if (detail) assert.match(r.stderr, detail, describeFault(r));
  for (const id of r.requestIds) {
    const outcome = r.outcomes.get(id)?.[0];
    assert.notEqual(outcome?.kind, 'response', `a silent success: ${id} got a response${describeFault(r)}`);
  }
}

/** The buffered response of invocation `index`, parsed. */
export function okResponse(r: FaultRunResult, index = 0): Record<string, unknown> {
  const outcome = r.outcomes.get(r.requestIds[index]!)?.[0];
  assert.equal(outcome?.kind, 'response', `invocation #${index} has no response${describeFault(r)}`);
  return JSON.parse(outcome.request.body.toString('utf8')) as Record<string, unknown>;
}

/** The error body of invocation `index`, with its type checked. */
export function errorOutcome(
  r: FaultRunResult,
  errorType: string | RegExp,
  index = 0,
): Record<string, unknown> {
  const outcome = r.outcomes.get(r.requestIds[index]!)?.[0];
  assert.equal(outcome?.kind, 'error', `invocation #${index} has no error${describeFault(r)}`);
  const body = JSON.parse(outcome.request.body.toString('utf8')) as Record<string, unknown>;
  if (typeof errorType === 'string')
    assert.equal(body.errorType, errorType, `errorType; body ${outcome.request.body}`);
  else assert.match(String(body.errorType), errorType);
  return body;
}

/** The runtime went back to `/next` after its last answer: the loop survived. */
export function assertLoopGoesOn(r: FaultRunResult): void {
  assert.equal(r.exitCode, undefined, `the runtime exited${describeFault(r)}`);
  assert.ok(
    r.api.pendingNext > 0 || r.api.counts.next > r.requestIds.length,
    `not back on /next${describeFault(r)}`,
  );
}

/** `until` for cases where the runtime must come back to `/next` `count` times. */
export function nextCalls(count: number): (api: FaultyRuntimeApi) => boolean {
  return (api) => api.counts.next >= count && api.pendingNext > 0;
}
