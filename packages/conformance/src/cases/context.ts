import assert from 'node:assert/strict';
import type { ConformanceCase } from '../case-types.ts';
import { responseJson } from '../expect.ts';
import { FUNCTION_ARN, FUNCTION_ENV } from '../run-bootstrap.ts';

const clientContext = {
  client: { installation_id: 'inst-1', app_title: 'app' },
  custom: { k: 'v' },
  env: { platform: 'x' },
};
// 130 invocations; the steps around 100 check the writer the runtimes switch to after 100 writes.
interface TraceStep {
  readonly child?: boolean;
  readonly overwrite?: string;
  readonly remove?: boolean;
  readonly noTrace?: boolean;
}
const TRACE_STEP_AT: Readonly<Record<number, TraceStep>> = {
  20: { child: true },
  40: { overwrite: 'Root=1-00000000-handler-wrote-this' },
  60: { noTrace: true, child: true },
  61: { remove: true },
  105: { child: true },
  110: { overwrite: 'Root=1-00000000-handler-wrote-this-too;Parent=1;Sampled=0' },
  115: { noTrace: true },
  116: { remove: true },
  120: { child: true },
  121: { remove: true, child: true },
  129: { child: true },
};
const TRACE_STEPS: readonly TraceStep[] = Array.from({ length: 130 }, (_, i) => TRACE_STEP_AT[i] ?? {});

const identity = { cognitoIdentityId: 'us-east-1:id', cognitoIdentityPoolId: 'us-east-1:pool' };

export const contextCases: ConformanceCase[] = [
  {
    name: 'context carries every field the managed runtime gives',
    js: { fixture: 'js/handlers', handler: 'context.handler' },
    python: { fixture: 'python/handlers', handler: 'context_fields.handler' },
    events: [
      {
        event: {},
        timeoutMs: 20_000,
        headers: {
          'Lambda-Runtime-Client-Context': JSON.stringify(clientContext),
          'Lambda-Runtime-Cognito-Identity': JSON.stringify(identity),
        },
      },
    ],
    check: (r, engine) => {
      const got = responseJson(r) as Record<string, unknown>;
      const invocation = r.invocations[0]!;
      assert.equal(got.awsRequestId, invocation.requestId);
      assert.equal(got.functionName, FUNCTION_ENV.AWS_LAMBDA_FUNCTION_NAME);
      assert.equal(got.functionVersion, FUNCTION_ENV.AWS_LAMBDA_FUNCTION_VERSION);
      assert.equal(String(got.memoryLimitInMB), FUNCTION_ENV.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
      assert.equal(got.invokedFunctionArn, FUNCTION_ARN);
      assert.equal(got.logGroupName, FUNCTION_ENV.AWS_LAMBDA_LOG_GROUP_NAME);
      assert.equal(got.logStreamName, FUNCTION_ENV.AWS_LAMBDA_LOG_STREAM_NAME);
      assert.equal(got.remainingType, 'number');
      assert.ok(
        (got.remaining as number) > 15_000 && (got.remaining as number) <= 20_000,
        `remaining ${got.remaining}`,
      );
      assert.equal(got.traceEnv, invocation.traceId);
      if (engine === 'python') {
        assert.deepEqual(got.identity, {
          cognito_identity_id: identity.cognitoIdentityId,
          cognito_identity_pool_id: identity.cognitoIdentityPoolId,
        });
        assert.deepEqual((got.clientContext as Record<string, unknown>).custom, clientContext.custom);
      } else {
        assert.deepEqual(got.identity, identity);
        assert.deepEqual(got.clientContext, clientContext);
        assert.equal(got.callbackWaitsForEmptyEventLoop, true);
        assert.equal(got.hasDone && got.hasSucceed && got.hasFail, true);
      }
    },
  },
  {
    name: '_X_AMZN_TRACE_ID follows each invocation and is cleared when absent',
    js: { fixture: 'js/handlers', handler: 'context.handler' },
    python: { fixture: 'python/handlers', handler: 'context_fields.handler' },
    events: [{ event: {} }, { event: {}, noTrace: true }, { event: {} }],
    check: (r) => {
      assert.equal((responseJson(r, 0) as { traceEnv: string }).traceEnv, r.invocations[0]!.traceId);
      assert.equal((responseJson(r, 1) as { traceEnv: string | null }).traceEnv, null);
      assert.equal((responseJson(r, 2) as { traceEnv: string }).traceEnv, r.invocations[2]!.traceId);
    },
  },
  {
    // The runtimes change how they write the variable after 100 invocations (to keep memory flat):
    // the Node app through its putenv() addon, Python through ctypes.
    name: '_X_AMZN_TRACE_ID stays right past 100 invocations: in the handler, a child process, after overwrites and deletes',
    js: { fixture: 'js/handlers', handler: 'context.traceEnv' },
    python: { fixture: 'python/handlers', handler: 'context_fields.trace_env' },
    events: TRACE_STEPS.map((step) => ({ event: step, noTrace: step.noTrace })),
    check: (r) => {
      TRACE_STEPS.forEach((step, index) => {
        const got = responseJson(r, index) as {
          traceEnv: string | null;
          child: string | null;
          after: string | null;
        };
        const own = r.invocations[index]!.traceId ?? null;
        const at = `invocation ${index + 1}`;
        assert.equal(got.traceEnv, own, at);
        if (step.child) assert.equal(got.child, own ?? 'unset', `${at}: the child process`);
        if (step.overwrite) assert.equal(got.after, step.overwrite, `${at}: after the handler's assignment`);
        if (step.remove) assert.equal(got.after, null, `${at}: after the handler's delete`);
      });
    },
  },
  {
    name: 'the current invocation is reachable through AsyncLocalStorage across awaits',
    js: { fixture: 'js/handlers', handler: 'context.current' },
    python: { notApplicable: 'AsyncLocalStorage is a JavaScript-engine feature' },
    events: [{ event: {} }, { event: {} }],
    check: (r) => {
      for (const index of [0, 1]) {
        const id = r.invocations[index]!.requestId;
        assert.deepEqual(responseJson(r, index), { before: id, after: id });
      }
    },
  },
  {
    name: 'warm reuse: 50 invocations in one process, module state kept, one connection',
    js: { fixture: 'js/handlers', handler: 'basic.counter' },
    python: { fixture: 'python/handlers', handler: 'basic.counter' },
    events: Array.from({ length: 50 }, () => ({ event: {} })),
    check: (r) => {
      const results = r.invocations.map((_, i) => responseJson(r, i) as { invocations: number; pid: number });
      assert.deepEqual(
        results.map((x) => x.invocations),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      assert.equal(new Set(results.map((x) => x.pid)).size, 1);
      assert.equal(
        new Set(r.requests.map((q) => q.connection)).size,
        1,
        'every request on one keep-alive connection',
      );
    },
  },
];
