import { ShutdownTimeoutError } from './errors.ts';
import { flushOutput } from './flush-output.ts';

/** A function to run when Lambda shuts the execution environment down (SIGTERM). May return a promise. */
export type ShutdownHook = () => unknown;

/** Default bound on all shutdown hooks together: inside the 500 ms Lambda grants with an internal extension. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 400;

const hooks = new Set<ShutdownHook>();
let installed = false;
let shuttingDown = false;

/**
 * Registers `hook` to run once when the runtime receives SIGTERM (Lambda's shutdown phase). Hooks run
 * concurrently; together they get `LAMBDA_ENGINES_SHUTDOWN_TIMEOUT_MS` (default 400 ms), then the
 * runtime flushes stdout/stderr and exits 0. Returns a function that unregisters the hook.
 * Exposed to user code as `awslambda.onShutdown(hook)`.
 */
export function onShutdown(hook: ShutdownHook): () => void {
  if (typeof hook !== 'function') throw new TypeError('awslambda.onShutdown(hook) needs a function');
  hooks.add(hook);
  return () => {
    hooks.delete(hook);
  };
}

export interface ShutdownOptions {
  /** Default `LAMBDA_ENGINES_SHUTDOWN_TIMEOUT_MS` or 400. */
  readonly timeoutMs?: number;
  /** Called with each hook failure and with a `ShutdownTimeoutError`; default: written to stderr. */
  readonly report?: (error: unknown) => void;
  /** Default `process.exit`. */
  readonly exit?: (code: number) => void;
}

/** Installs the SIGTERM listener (once). */
export function installShutdown(env: NodeJS.ProcessEnv = process.env, options: ShutdownOptions = {}): void {
  if (installed) return;
  installed = true;
  const fromEnv = Number(env.LAMBDA_ENGINES_SHUTDOWN_TIMEOUT_MS);
  const timeoutMs =
    options.timeoutMs ?? (Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : DEFAULT_SHUTDOWN_TIMEOUT_MS);
  process.on('SIGTERM', () => {
    if (shuttingDown) return;
    shuttingDown = true;
    void shutdown(timeoutMs, options);
  });
}

/** Runs every hook (bounded by `timeoutMs`), flushes stdout and stderr, exits 0. */
export async function shutdown(timeoutMs: number, options: ShutdownOptions = {}): Promise<void> {
  const report =
    options.report ?? ((error: unknown) => process.stderr.write(`lambda-engines: ${describe(error)}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const running = [...hooks].map(async (hook) => {
    try {
      await hook();
    } catch (error) {
      report(error);
    }
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), timeoutMs);
  });
  const finished = await Promise.race([Promise.all(running).then(() => false), timedOut]);
  clearTimeout(timer);
  if (finished) report(new ShutdownTimeoutError(timeoutMs));
  await flushOutput();
  exit(0);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return `shutdown hook failed: ${String(error)}`;
  } catch {
    return 'shutdown hook failed';
  }
}
