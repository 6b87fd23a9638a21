import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Engine } from '../case-types.ts';
import type { Launcher } from '../launcher.ts';
import { commonChecks, describeFault } from './fault-case.ts';
import { runFault } from './run-fault.ts';

const printable = fc
  .string({ unit: 'binary-ascii', maxLength: 80 })
  .map((s) => s.replace(/[^\x20-\x7e]/g, ''));
const value = fc.oneof(
  printable,
  fc.json({ maxDepth: 2 }),
  fc.constantFrom('', '{', 'null', '-5', '1e400', '12abc'),
);
const optionalHeaders = fc.record(
  {
    'Lambda-Runtime-Deadline-Ms': value,
    'Lambda-Runtime-Invoked-Function-Arn': value,
    'Lambda-Runtime-Trace-Id': value,
    'Lambda-Runtime-Client-Context': value,
    'Lambda-Runtime-Cognito-Identity': value,
    'Lambda-Runtime-Aws-Tenant-Id': value,
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.json({ maxDepth: 3 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  fc.string({ unit: 'grapheme', maxLength: 50 }).map((s) => Buffer.from(JSON.stringify(s))),
);

function isJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Black-box fuzz of the bootstrap: random /next headers and bodies (always with a request id). Each run must
 * end, within its bound, with exactly one answer for the invocation (an error whenever the body is not
 * JSON: never a silent success) and the loop back on /next, or with a named error and a non-zero exit.
 */
export async function fuzzNext(options: {
  readonly engine: Engine;
  readonly launcher: Launcher;
  readonly taskRoot: string;
  readonly handler: string;
  readonly runs: number;
}): Promise<void> {
  await fc.assert(
    fc.asyncProperty(optionalHeaders, body, async (headers, raw) => {
      const r = await runFault({
        launcher: options.launcher,
        taskRoot: options.taskRoot,
        handler: options.handler,
        events: [
          {
            raw,
            headers: headers as Record<string, string>,
            omitHeaders: Object.keys(headers).length ? [] : ['Lambda-Runtime-Deadline-Ms'],
          },
        ],
        until: 'answered',
        maxMs: 8_000,
      });
      commonChecks(r);
      const outcome = r.outcomes.get(r.requestIds[0]!)?.[0];
      if (outcome === undefined) {
        assert.notEqual(r.exitCode, undefined, `no answer and still running${describeFault(r)}`);
        assert.notEqual(r.exitCode, 0, describeFault(r));
        assert.match(r.stderr, /lambda-(engines|runtime):/, describeFault(r));
        return;
      }
      if (!isJson(raw))
        assert.equal(
          outcome.kind,
          'error',
          `a body that is not JSON was answered as a success${describeFault(r)}`,
        );
      assert.equal(r.exitCode, undefined, `exited after answering${describeFault(r)}`);
    }),
    { numRuns: options.runs, seed: Number(process.env.FUZZ_SEED ?? 20261127), endOnFailure: true },
  );
}
