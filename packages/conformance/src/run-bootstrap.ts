import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { FakeRuntimeApi, type Outcome, type RecordedRequest } from './fake-runtime-api.ts';
import type { Launcher } from './launcher.ts';

export interface EventSpec {
  /** JSON value (serialised with JSON.stringify) or raw bytes. */
  readonly event?: unknown;
  readonly raw?: Buffer;
  /** Extra /next headers, e.g. Lambda-Runtime-Client-Context. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Omit the default trace id header. */
  readonly noTrace?: boolean;
  readonly timeoutMs?: number;
}

export interface RunSpec {
  readonly launcher: Launcher;
  readonly taskRoot: string;
  readonly handler: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly events: readonly EventSpec[];
  /** How long to wait for all outcomes before giving up. */
  readonly waitMs?: number;
  /** Stop the process as soon as every event has an outcome (default), or wait for it to exit. */
  readonly waitForExit?: boolean;
}

export interface InvocationResult {
  readonly requestId: string;
  readonly traceId: string | undefined;
  readonly sentAt: number;
  readonly outcome: Outcome | undefined;
}

export interface RunResult {
  readonly invocations: readonly InvocationResult[];
  readonly initError: RecordedRequest | undefined;
  readonly requests: readonly RecordedRequest[];
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code if the process exited by itself; undefined if we stopped it. */
  readonly exitCode: number | null | undefined;
  /** The runtime went back to /next after the last outcome (its loop survived). */
  readonly pollingAgain: boolean;
}

export const FUNCTION_ENV = {
  AWS_LAMBDA_FUNCTION_NAME: 'conformance-fn',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/conformance-fn',
  AWS_LAMBDA_LOG_STREAM_NAME: '2026/11/27/[$LATEST]0123456789abcdef',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  TZ: ':UTC',
} as const;

export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:conformance-fn';

function traceIdFor(requestId: string): string {
  const hex = requestId.replace(/-/g, '').slice(0, 24).padEnd(24, '0');
  return `Root=1-6747a000-${hex};Parent=53995c3f42cd8ad8;Sampled=1`;
}

/** Starts a Runtime API, launches the bootstrap against it, feeds it the events, records everything. */
export async function runBootstrap(spec: RunSpec): Promise<RunResult> {
  const api = new FakeRuntimeApi();
  const address = await api.listen();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    HOME: process.env.HOME ?? '/tmp',
    ...FUNCTION_ENV,
    AWS_LAMBDA_RUNTIME_API: address,
    _HANDLER: spec.handler,
    ...spec.env,
  };
  const command = spec.launcher({ env, taskRoot: spec.taskRoot });
  const child = spawn(command.command, [...command.args], {
    env: { ...command.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? 128 : null);
      resolve();
    });
    child.on('error', (error) => {
      stderr += `spawn failed: ${error.message}\n`;
      exitCode = -1;
      resolve();
    });
  });

  const invocations = spec.events.map((spec) => ({ spec, requestId: randomUUID(), sentAt: 0 }));
  for (const item of invocations) {
    const body = item.spec.raw ?? Buffer.from(JSON.stringify(item.spec.event ?? {}));
    const headers: Record<string, string> = {
      'Lambda-Runtime-Deadline-Ms': String(Date.now() + (item.spec.timeoutMs ?? 30_000)),
      'Lambda-Runtime-Invoked-Function-Arn': FUNCTION_ARN,
      ...(item.spec.noTrace ? {} : { 'Lambda-Runtime-Trace-Id': traceIdFor(item.requestId) }),
      ...item.spec.headers,
    };
    item.sentAt = performance.now();
    api.enqueue({ requestId: item.requestId, body, headers });
  }

  const waitMs = spec.waitMs ?? 15_000;
  const allAnswered = () => invocations.every((i) => api.outcomes.has(i.requestId));
  let processGone = false;
  let goneAt = 0;
  const exitSettled = () => processGone && performance.now() - goneAt >= 50;
  void exited.then(() => {
    processGone = true;
    goneAt = performance.now();
    // Give a request the process sent just before exiting time to land before deciding.
    setTimeout(() => api.poke(), 50);
  });
  await api.waitFor(() => allAnswered() || api.initError !== undefined || exitSettled(), waitMs);
  if (spec.waitForExit) await Promise.race([exited, delay(waitMs)]);
  // Did the loop come back for more? (Only meaningful when all were answered.)
  const pollingAgain =
    allAnswered() && !processGone
      ? await api.waitFor(() => api.pendingNext > 0 || api.nextCalls > invocations.length, 2_000)
      : false;
  await stop(child, exited, command.stop);
  await api.close();
  return {
    invocations: invocations.map((i) => ({
      requestId: i.requestId,
      traceId: i.spec.noTrace ? undefined : traceIdFor(i.requestId),
      sentAt: i.sentAt,
      outcome: api.outcomes.get(i.requestId),
    })),
    initError: api.initError,
    requests: api.requests,
    stdout,
    stderr,
    exitCode: processGone ? exitCode : undefined,
    pollingAgain,
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function stop(child: ChildProcess, exited: Promise<void>, custom?: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (custom) {
    custom();
    await Promise.race([exited, delay(10_000)]);
    if (child.exitCode !== null || child.signalCode !== null) return;
  }
  child.kill('SIGKILL');
  await Promise.race([exited, delay(5_000)]);
}
