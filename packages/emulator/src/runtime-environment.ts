import { dirname } from 'node:path';
import { newLogStreamName } from './ids.ts';
import type { ResolvedOptions } from './options.ts';

/** `AWS_EXECUTION_ENV` we report: Lambda's `AWS_Lambda_<runtime>` pattern, naming this project. */
export const EXECUTION_ENV = 'AWS_Lambda_lambda-engines';

const PASSED_THROUGH = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

/**
 * The environment Lambda gives a runtime process. The function's own `env` overrides the defaults,
 * except `AWS_LAMBDA_RUNTIME_API`, which always points at this emulator.
 */
export function runtimeEnvironment(
  options: ResolvedOptions,
  runtimeApiAddress: string,
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    _HANDLER: options.handler,
    LAMBDA_TASK_ROOT: options.taskRoot,
    LAMBDA_RUNTIME_DIR: dirname(options.bootstrap),
    AWS_EXECUTION_ENV: EXECUTION_ENV,
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: options.functionVersion,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${options.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: newLogStreamName(options.functionVersion),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  };
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, options.env);
  env.AWS_LAMBDA_RUNTIME_API = runtimeApiAddress;
  return env;
}
