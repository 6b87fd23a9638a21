import type { Invocation } from '@lambda-engines/runtime-api';
import type { LambdaContext } from './context-types.ts';
import type { TraceIdEnv } from './trace-id-env.ts';

/** What the context takes from the environment; read once at init, as it does not change. */
export interface FunctionEnvironment {
  readonly functionName: string | undefined;
  readonly functionVersion: string | undefined;
  readonly memoryLimitInMB: string | undefined;
  readonly logGroupName: string | undefined;
  readonly logStreamName: string | undefined;
}

export function readFunctionEnvironment(env: NodeJS.ProcessEnv): FunctionEnvironment {
  return {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
  };
}

/** The callback-related part of the context, built per invocation by the callback or streaming context. */
export interface ContextControls {
  callbackWaitsForEmptyEventLoop: boolean;
  /** Absent on a streaming handler's context. */
  done?: (error?: unknown, result?: unknown) => void;
  succeed?: (result?: unknown) => void;
  fail?: (error?: unknown) => void;
}

/**
 * Makes `controls` the invocation's context: AWS's InvokeContext.attachEnvironmentData adds these fields,
 * in this order, to the callback context. One literal with every field in place (`controls` first, so
 * the key order is AWS's) keeps the object in one fast hidden class; it also forwards the X-Ray trace id
 * to `_X_AMZN_TRACE_ID`.
 */
export function attachInvocationData(
  controls: ContextControls,
  invocation: Invocation,
  fn: FunctionEnvironment,
  traceIdEnv: TraceIdEnv,
): LambdaContext {
  traceIdEnv.write(invocation.traceId);
  const deadline = invocation.deadlineMs;
  const getRemainingTimeInMillis = (): number => deadline - Date.now();
  if (controls.done === undefined) {
    // A streaming handler's context: no done/succeed/fail (it finishes through its stream).
    return {
      callbackWaitsForEmptyEventLoop: controls.callbackWaitsForEmptyEventLoop,
      functionVersion: fn.functionVersion,
      functionName: fn.functionName,
      memoryLimitInMB: fn.memoryLimitInMB,
      logGroupName: fn.logGroupName,
      logStreamName: fn.logStreamName,
      clientContext: invocation.clientContext,
      identity: invocation.cognitoIdentity,
      invokedFunctionArn: invocation.invokedFunctionArn,
      awsRequestId: invocation.requestId,
      tenantId: invocation.tenantId,
      getRemainingTimeInMillis,
    } as LambdaContext;
  }
  return {
    callbackWaitsForEmptyEventLoop: controls.callbackWaitsForEmptyEventLoop,
    done: controls.done,
    succeed: controls.succeed!,
    fail: controls.fail!,
    functionVersion: fn.functionVersion,
    functionName: fn.functionName,
    memoryLimitInMB: fn.memoryLimitInMB,
    logGroupName: fn.logGroupName,
    logStreamName: fn.logStreamName,
    clientContext: invocation.clientContext,
    identity: invocation.cognitoIdentity,
    invokedFunctionArn: invocation.invokedFunctionArn,
    awsRequestId: invocation.requestId,
    tenantId: invocation.tenantId,
    getRemainingTimeInMillis,
  };
}
