import { spawn } from 'node:child_process';
import { CommandFailedError } from './errors.ts';

export interface CommandResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kill the command after this long (default 120 s). */
  readonly timeoutMs?: number;
  /** Resolve with a non-zero exit code instead of throwing. */
  readonly allowFailure?: boolean;
}

/** Runs a command to completion (no shell), collecting its output; throws CommandFailedError on failure. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const label = [command, ...args].join(' ');
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (cause) => {
      clearTimeout(timer);
      reject(new CommandFailedError(label, null, cause.message, { cause }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const exitCode = code ?? (signal ? 128 : null);
      if (exitCode !== 0 && !options.allowFailure) {
        reject(new CommandFailedError(label, exitCode, `${stdout}\n${stderr}`));
      } else {
        resolve({ exitCode, stdout, stderr });
      }
    });
  });
}
