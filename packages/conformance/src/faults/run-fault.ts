import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Launcher } from '../launcher.ts';
import { FUNCTION_ARN, FUNCTION_ENV } from '../run-bootstrap.ts';
import { type FaultHook, type FaultOutcome, FaultyRuntimeApi } from './faulty-runtime-api.ts';

/** A fake credential every fault run carries: it must never appear in any output or request. */
export const FAKE_SECRET = 'FAKE-SECRET-FAULTS-9f8e7d6c';
/** Put into every event and every handler result: the runtime must not log events or responses. */
export const EVENT_MARKER = 'EVENT-MARKER-1f2e3d';

export interface FaultEvent {
  readonly event?: unknown;
  readonly raw?: Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /** Default /next headers to leave out, e.g. `Lambda-Runtime-Deadline-Ms`. */
  readonly omitHeaders?: readonly string[];
  readonly timeoutMs?: number;
}

export interface FaultRunSpec {
  readonly launcher: Launcher;
  readonly taskRoot: string;
  readonly handler: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly hook?: FaultHook;
  readonly events: readonly FaultEvent[];
  /** Start the bootstrap before the Runtime API listens; listen after this many ms (never if < 0). */
  readonly listenAfterMs?: number;
  /** Called once the run started (e.g. to make the API disappear later). */
  readonly during?: (
    api: FaultyRuntimeApi,
    run: { readonly requestIds: readonly string[] },
  ) => Promise<void> | void;
  /** Send `signal` to the bootstrap once `when` holds (checked on every request). */
  readonly signal?: { readonly name: NodeJS.Signals; readonly when: (api: FaultyRuntimeApi) => boolean };
  /**
   * When the run is over: `'exit'` waits for the process to exit; `'answered'` waits until every event
   * has an accepted answer and the runtime is back on `/next`; a function decides by itself.
   */
  readonly until: 'exit' | 'answered' | ((api: FaultyRuntimeApi) => boolean);
  /** The bound: a run still going after this is a hang (the check sees `timedOut`). */
  readonly maxMs: number;
}

export interface FaultRunResult {
  readonly requestIds: readonly string[];
  readonly outcomes: ReadonlyMap<string, readonly FaultOutcome[]>;
  readonly api: FaultyRuntimeApi;
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code if the process exited by itself (a signal gives 128 + n); undefined if it was still running. */
  readonly exitCode: number | undefined;
  readonly timedOut: boolean;
  readonly elapsedMs: number;
  /** CPU time the bootstrap used (user + system, ms), when the platform reports it; a busy loop shows here. */
  readonly cpuMs: number | undefined;
  /** ms from the signal (`spec.signal`) to the exit, when both happened. */
  readonly exitAfterSignalMs: number | undefined;
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGTERM: 15,
};

/** Starts a (misbehaving) Runtime API, runs the bootstrap against it, records what happened. */
export async function runFault(spec: FaultRunSpec): Promise<FaultRunResult> {
  const api = new FaultyRuntimeApi(spec.hook);
  const late = spec.listenAfterMs !== undefined;
  if (late) await api.reservePort();
  else await api.listen();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    HOME: process.env.HOME ?? '/tmp',
    ...FUNCTION_ENV,
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAULTS',
    AWS_SECRET_ACCESS_KEY: FAKE_SECRET,
    AWS_SESSION_TOKEN: `${FAKE_SECRET}-token`,
    AWS_LAMBDA_RUNTIME_API: api.address,
    _HANDLER: spec.handler,
    ...spec.env,
  };
  const requestIds = spec.events.map(() => randomUUID());
  spec.events.forEach((event, i) => {
    const body = event.raw ?? Buffer.from(JSON.stringify(event.event ?? { marker: EVENT_MARKER }));
    const headers: Record<string, string> = {
      'Lambda-Runtime-Deadline-Ms': String(Date.now() + (event.timeoutMs ?? 30_000)),
      'Lambda-Runtime-Invoked-Function-Arn': FUNCTION_ARN,
      ...event.headers,
    };
    for (const name of event.omitHeaders ?? []) delete headers[name];
    api.enqueue({ requestId: requestIds[i]!, body, headers });
  });

  const command = spec.launcher({ env, taskRoot: spec.taskRoot });
  const startedAt = performance.now();
  const child = spawn(command.command, [...command.args], {
    env: { ...command.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    // Keep the head and the tail of a flood; the middle only costs memory.
    stdout =
      stdout.length > 2_000_000 ? stdout.slice(0, 500_000) + stdout.slice(-500_000) + text : stdout + text;
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let exitCode: number | undefined;
  let gone = false;
  let exitAt: number | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = code ?? 128 + (SIGNALS[signal ?? ''] ?? 0);
      gone = true;
      exitAt = performance.now();
      // Let a request sent just before the exit land.
      setTimeout(() => {
        api.poke();
        resolve();
      }, 100);
    });
    child.on('error', (error) => {
      stderr += `spawn failed: ${error.message}\n`;
      exitCode = -1;
      gone = true;
      resolve();
    });
  });
  let exitedSettled = false;
  void exited.then(() => {
    exitedSettled = true;
    api.poke();
  });

  if (late && spec.listenAfterMs! >= 0) {
    setTimeout(() => void api.listen().catch(() => {}), spec.listenAfterMs).unref();
  }
  const during = spec.during?.(api, { requestIds });
  let signalledAt: number | undefined;
  const signalled = spec.signal
    ? api
        .waitFor(() => gone || spec.signal!.when(api), spec.maxMs)
        .then((ready) => {
          if (!ready || gone) return;
          signalledAt = performance.now();
          child.kill(spec.signal!.name);
        })
    : undefined;

  const answered = () =>
    requestIds.every((id) => (api.outcomes.get(id)?.length ?? 0) > 0) &&
    (api.pendingNext > 0 || exitedSettled);
  const until = spec.until;
  const done =
    until === 'exit'
      ? () => exitedSettled
      : until === 'answered'
        ? () => answered() || exitedSettled
        : () => until(api) || exitedSettled;
  const finished = await api.waitFor(done, spec.maxMs);
  await during;
  await signalled;
  // A late double answer or a second crash report would land now.
  if (finished && !gone) await new Promise((resolve) => setTimeout(resolve, 150));
  const elapsedMs = performance.now() - startedAt;
  // Whether it exited by itself: decided before we stop it.
  const exitedByItself = gone;
  const cpuMs = await stop(child, exited);
  await api.close();
  return {
    requestIds,
    outcomes: api.outcomes,
    api,
    stdout,
    stderr,
    exitCode: exitedByItself ? exitCode : undefined,
    timedOut: !finished,
    elapsedMs,
    cpuMs,
    exitAfterSignalMs: signalledAt !== undefined && exitAt !== undefined ? exitAt - signalledAt : undefined,
  };
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<number | undefined> {
  const cpuMs = readCpuMs(child.pid);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  return cpuMs;
}

/** utime + stime of a live process from /proc (Linux), in ms. */
function readCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return undefined;
  }
}
