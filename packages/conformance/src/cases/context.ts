import assert from 'node:assert/strict';
import type { ConformanceCase } from '../case-types.ts';
import { responseJson } from '../expect.ts';
import { FUNCTION_ARN, FUNCTION_ENV } from '../run-bootstrap.ts';

const clientContext = {
  client: { installation_id: 'inst-1', app_title: 'app' },
  custom: { k: 'v' },
  env: { platform: 'x' },
};
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
