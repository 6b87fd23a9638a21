import { chmodSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Emulator, type EmulatorOptions, startEmulator } from '../src/index.ts';

export const FAKE_RUNTIME = fileURLToPath(new URL('./fixtures/fake-runtime.mjs', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
chmodSync(FAKE_RUNTIME, 0o755);

export interface Started {
  emulator: Emulator;
  stdout: string[];
  stderr: string[];
  platform: string[];
}

/** Starts an emulator on the fake runtime; closed when the test ends. */
export async function start(t: TestContext, options: Partial<EmulatorOptions> = {}): Promise<Started> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const platform: string[] = [];
  const emulator = await startEmulator({
    bootstrap: FAKE_RUNTIME,
    handler: 'index.handler',
    taskRoot: FIXTURES,
    stdout: (line) => stdout.push(line),
    stderr: (line) => stderr.push(line),
    platformLog: (line) => platform.push(line),
    ...options,
  });
  t.after(() => emulator.close());
  return { emulator, stdout, stderr, platform };
}

export function json(body: Buffer): any {
  return JSON.parse(body.toString('utf8'));
}

export const event = (value: unknown): string => JSON.stringify(value);

/** Polls until `check` is true (for output that arrives asynchronously). */
export async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
