import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { KILL_GRACE_MS } from './limits.ts';
import type { LaunchCommand, OutputTarget } from './options.ts';

/** How a runtime process ended. `error` is set when it could not be spawned at all. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface RuntimeProcessOptions {
  launch: LaunchCommand;
  stdout: OutputTarget;
  stderr: OutputTarget;
}

/** One runtime process (one "execution environment"): spawn, output routing, exit, kill. */
export class RuntimeProcess {
  readonly exited: Promise<ProcessExit>;
  #child: ChildProcess;
  #exit: ProcessExit | undefined;
  #killTimer: NodeJS.Timeout | undefined;

  constructor(options: RuntimeProcessOptions) {
    const { launch } = options;
    this.#child = spawn(launch.command, launch.args, {
      env: launch.env,
      cwd: launch.cwd,
      stdio: ['ignore', stdioMode(options.stdout), stdioMode(options.stderr)],
    });
    routeOutput(this.#child.stdout, options.stdout);
    routeOutput(this.#child.stderr, options.stderr);
    this.exited = new Promise<ProcessExit>((resolve) => {
      const done = (exit: ProcessExit) => {
        if (this.#exit) return;
        this.#exit = exit;
        clearTimeout(this.#killTimer);
        resolve(exit);
      };
      this.#child.once('error', (error) => done({ code: null, signal: null, error }));
      this.#child.once('exit', (code, signal) => done({ code, signal }));
    });
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  kill(graceMs = KILL_GRACE_MS): Promise<ProcessExit> {
    if (this.running && this.#killTimer === undefined) {
      this.#child.kill('SIGTERM');
      this.#killTimer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    }
    return this.exited;
  }
}

function stdioMode(target: OutputTarget): 'inherit' | 'ignore' | 'pipe' {
  return target === 'inherit' || target === 'ignore' ? target : 'pipe';
}

function routeOutput(stream: Readable | null, target: OutputTarget): void {
  if (!stream) return;
  if (typeof target === 'function') {
    createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', target);
  } else if (typeof target === 'object') {
    stream.pipe(target, { end: false });
  }
}

/** Lambda's wording for how a runtime exited: `exit status 3`, `signal: killed`. */
export function describeExit(exit: ProcessExit): string {
  if (exit.error) return exit.error.message;
  if (exit.signal) return `signal: ${SIGNAL_NAMES[exit.signal] ?? exit.signal}`;
  return `exit status ${exit.code ?? 0}`;
}

const SIGNAL_NAMES: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGINT: 'interrupt',
};
