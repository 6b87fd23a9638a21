import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

/** A process under test: stdout dropped, the end of stderr kept for error messages. */
export class Running {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  #stderr = '';

  constructor(command: Command, baseEnv: Readonly<Record<string, string>>) {
    this.child = spawn(command.file, [...command.args], {
      env: { ...baseEnv, ...command.env },
      cwd: command.cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child.stderr?.on('data', (d: Buffer) => {
      this.#stderr = (this.#stderr + d.toString('utf8')).slice(-2000);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.#stderr += `\nspawn failed: ${error.message}`;
        resolve(-1);
      });
      this.child.once('exit', (code) => resolve(code));
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** Current resident set size in bytes (Linux /proc), or NaN. */
  rss(): number {
    return readStatusKb(this.pid, 'VmRSS') * 1024;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

export function readStatusKb(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
