/** The `context` object handed to handlers: the same fields as AWS's managed Node.js runtime. */
export interface LambdaContext {
  awsRequestId: string;
  functionName: string | undefined;
  functionVersion: string | undefined;
  memoryLimitInMB: string | undefined;
  invokedFunctionArn: string;
  logGroupName: string | undefined;
  logStreamName: string | undefined;
  identity: unknown;
  clientContext: unknown;
  tenantId: string | undefined;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  done(error?: unknown, result?: unknown): void;
  succeed(result?: unknown): void;
  fail(error?: unknown): void;
}

export type Callback = (error?: unknown, result?: unknown) => void;
