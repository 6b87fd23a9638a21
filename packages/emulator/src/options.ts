import type { Writable } from 'node:stream';

/**
 * Where the child's stdout or stderr goes: `'inherit'` (the default: this process's stream),
 * `'ignore'`, a callback called once per line (without the newline), or a writable stream
 * (piped, never ended).
 */
export type OutputTarget = 'inherit' | 'ignore' | ((line: string) => void) | Writable;

/** What `launch` returns: the command to spawn instead of the bootstrap itself. */
export interface LaunchCommand {
  command: string;
  args: string[];
  /** Environment of the spawned command; default: this process's environment (a launcher such as `docker run` needs it, and passes `env` on with `-e`). */
  env?: Record<string, string>;
  /** Working directory of the spawned command; default: `taskRoot`. */
  cwd?: string;
}

export interface EmulatorOptions {
  /** Path to an executable bootstrap. */
  bootstrap: string;
  /** The handler, given to the child as `_HANDLER`. */
  handler: string;
  /** The function's code directory, given as `LAMBDA_TASK_ROOT` and used as the child's working directory. */
  taskRoot: string;
  /** Default: run `bootstrap` directly with the Lambda environment. Return another command, e.g. `docker run`. */
  launch?: (env: Record<string, string>) => LaunchCommand;
  /** The function's environment variables, added to (and overriding) the defaults. */
  env?: Record<string, string>;
  /** Function timeout; default 3. */
  timeoutSeconds?: number;
  /** Default 128. */
  memoryMb?: number;
  /** Default `'function'` (as in RIE's `/2015-03-31/functions/function/invocations`). */
  functionName?: string;
  /** Default `'$LATEST'`. */
  functionVersion?: string;
  /** Default `'us-east-1'`. */
  region?: string;
  /** Default `'127.0.0.1'`. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  stdout?: OutputTarget;
  stderr?: OutputTarget;
  /** Receives the platform's log lines (`START`, `END`, `REPORT`, errors), like the lines Lambda writes to CloudWatch. */
  platformLog?: (line: string) => void;
}

export interface ResolvedOptions {
  bootstrap: string;
  handler: string;
  taskRoot: string;
  launch: ((env: Record<string, string>) => LaunchCommand) | undefined;
  env: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  functionName: string;
  functionVersion: string;
  region: string;
  host: string;
  port: number;
  stdout: OutputTarget;
  stderr: OutputTarget;
  platformLog: (line: string) => void;
}
