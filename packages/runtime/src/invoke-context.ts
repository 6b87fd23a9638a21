import type { Invocation } from '@lambda-engines/runtime-api';
import type { LambdaContext } from './context-types.ts';

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
  done(error?: unknown, result?: unknown): void;
  succeed(result?: unknown): void;
  fail(error?: unknown): void;
}

/**
 * Fills `controls` (whose getter/setter for callbackWaitsForEmptyEventLoop must survive) with the
 * invocation's data, as AWS's InvokeContext.attachEnvironmentData does, and forwards the X-Ray trace id.
 */
export function attachInvocationData(
  controls: ContextControls,
  invocation: Invocation,
  fn: FunctionEnvironment,
): LambdaContext {
  if (invocation.traceId) process.env._X_AMZN_TRACE_ID = invocation.traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  const deadline = invocation.deadlineMs;
  const context = controls as unknown as LambdaContext;
  context.functionVersion = fn.functionVersion;
  context.functionName = fn.functionName;
  context.memoryLimitInMB = fn.memoryLimitInMB;
  context.logGroupName = fn.logGroupName;
  context.logStreamName = fn.logStreamName;
  context.clientContext = invocation.clientContext;
  context.identity = invocation.cognitoIdentity;
  context.invokedFunctionArn = invocation.invokedFunctionArn;
  context.awsRequestId = invocation.requestId;
  context.tenantId = invocation.tenantId;
  context.getRemainingTimeInMillis = () => deadline - Date.now();
  return context;
}
