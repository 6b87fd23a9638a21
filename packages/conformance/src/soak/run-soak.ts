import { startEmulator } from '@lambda-engines/emulator';
import type { Launcher } from '../launcher.ts';

export interface SoakOptions {
  readonly bootstrap: string;
  readonly launcher: Launcher;
  /** The folder holding `soak.js` / `soak.py`. */
  readonly taskRoot: string;
  /** `soak.handler` for every engine. */
  readonly handler: string;
  readonly invokes: number;
  /** Callers in flight at once (the emulator queues them for its one runtime process). Default 4. */
  readonly concurrency?: number;
  /** Invoke counts at which to sample the runtime's RSS (besides the start and the end). */
  readonly checkpoints?: readonly number[];
  readonly onCheckpoint?: (point: SoakCheckpoint) => void;
}

export interface SoakCheckpoint {
  readonly invokes: number;
  readonly rssBytes: number;
  readonly elapsedMs: number;
}

export interface SoakResult {
  readonly invokes: number;
  readonly errors: readonly string[];
  readonly checkpoints: readonly SoakCheckpoint[];
  readonly elapsedMs: number;
  readonly invokesPerSecond: number;
  /** Runtime processes the emulator started (1 means no crash, no restart). */
  readonly runtimeStarts: number;
}

/**
 * Sends `invokes` invocations through the emulator to one runtime process, checking every answer carries
 * its own id (nothing lost, nothing answered twice or crossed), and samples the runtime's RSS.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  let runtimeStarts = 0;
  const emulator = await startEmulator({
    bootstrap: options.bootstrap,
    handler: options.handler,
    taskRoot: options.taskRoot,
    timeoutSeconds: 30,
    launch: (env) => {
      runtimeStarts += 1;
      const command = options.launcher({ env, taskRoot: options.taskRoot });
      return { command: command.command, args: [...command.args], env: { ...command.env } };
    },
    stdout: 'ignore',
    stderr: 'ignore',
  });
  const errors: string[] = [];
  const checkpoints: SoakCheckpoint[] = [];
  const wanted = new Set(options.checkpoints ?? []);
  const started = performance.now();
  const sample = async (invokes: number): Promise<void> => {
    const result = await emulator.invoke(JSON.stringify({ rss: true }));
    const body = JSON.parse(result.body.toString('utf8')) as { rss: number };
    const point = { invokes, rssBytes: body.rss, elapsedMs: performance.now() - started };
    checkpoints.push(point);
    options.onCheckpoint?.(point);
  };
  try {
    await sample(0);
    let next = 0;
    let done = 0;
    let sampling: Promise<void> = Promise.resolve();
    const worker = async (): Promise<void> => {
      while (next < options.invokes && errors.length < 10) {
        const id = next++;
        try {
          const result = await emulator.invoke(`{"id":${id}}`);
          const text = result.body.toString('utf8');
          if (result.statusCode !== 200 || result.functionError !== undefined || answeredId(text) !== id) {
            errors.push(
              `invoke ${id}: ${result.statusCode} ${result.functionError ?? ''} ${text.slice(0, 200)}`,
            );
          }
        } catch (error) {
          errors.push(`invoke ${id}: ${String(error)}`);
        }
        done += 1;
        if (wanted.has(done)) sampling = sampling.then(() => sample(done));
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
    await sampling;
    if (!wanted.has(done)) await sample(done);
  } finally {
    await emulator.close();
  }
  const elapsedMs = performance.now() - started;
  return {
    invokes: options.invokes,
    errors,
    checkpoints,
    elapsedMs,
    invokesPerSecond: Math.round((options.invokes / elapsedMs) * 1000),
    runtimeStarts,
  };
}

/** The invoke count for tests: `LAMBDA_ENGINES_SOAK_INVOKES`, else `fallback`. */
export function soakInvokes(fallback = 5_000): number {
  const value = Number(process.env.LAMBDA_ENGINES_SOAK_INVOKES);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function answeredId(text: string): unknown {
  try {
    return (JSON.parse(text) as { id?: unknown }).id;
  } catch {
    return undefined;
  }
}
