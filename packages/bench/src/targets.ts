import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from './processes.ts';

export type Engine = 'node' | 'bun' | 'python';
export type Role = 'app' | 'floor' | 'peer' | 'variant';
export type HandlerName = 'echo' | 'hello' | 'payload' | 'stream' | 'firstByte';

/** What the process under test is asked to do. */
export interface Job {
  readonly handler: HandlerName;
  /** Payload size (bytes of JSON), for `payload`. */
  readonly size?: number;
  /** Stream size, for the floor's `stream` mode (the apps read it from the event). */
  readonly bytes?: number;
}

export interface Target {
  readonly id: string;
  readonly engine: Engine;
  readonly role: Role;
  readonly label: string;
  /** Handlers it can run (a fetch loop cannot stream). */
  readonly handlers: ReadonlySet<HandlerName>;
  command(job: Job): Command;
}

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(packageRoot, '..', '..');
export const fixtures = join(packageRoot, 'fixtures');
export const taskRoot = join(fixtures, 'task');

const ALL: ReadonlySet<HandlerName> = new Set(['echo', 'hello', 'payload', 'stream', 'firstByte']);
const BUFFERED: ReadonlySet<HandlerName> = new Set(['echo', 'hello', 'payload']);

const pythonHandler = (name: HandlerName): string => (name === 'firstByte' ? 'first_byte' : name);

function runtimeEnv(handler: string): Record<string, string> {
  return { _HANDLER: `handlers.${handler}`, LAMBDA_TASK_ROOT: taskRoot };
}

function floorEnv(job: Job): Record<string, string> {
  return {
    FLOOR_MODE: job.handler,
    FLOOR_SIZE: String(job.size ?? 0),
    FLOOR_BYTES: String(job.bytes ?? 0),
  };
}

export interface Discovery {
  readonly targets: Target[];
  /** The bare engines: spawn to exit of an empty script. */
  readonly bare: Array<{ engine: Engine; label: string; command: Command }>;
  /** Why something is not measured. */
  readonly notes: string[];
}

function works(file: string, args: string[]): boolean {
  const r = spawnSync(file, args, { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}

/** Finds what can run here: engines, built apps, peers. */
export function discoverTargets(extra: readonly Target[] = []): Discovery {
  const notes: string[] = [];
  const targets: Target[] = [];
  const bare: Discovery['bare'] = [];
  const hasBun = works('bun', ['--version']);
  const hasPython = works('python3', ['-c', '0']);

  const nodeApp = join(repoRoot, 'apps/node/dist/bootstrap');
  if (existsSync(nodeApp)) {
    targets.push({
      id: 'node-app',
      engine: 'node',
      role: 'app',
      label: 'ours, Node',
      handlers: ALL,
      command: (job) => ({ file: process.execPath, args: [nodeApp], env: runtimeEnv(job.handler) }),
    });
  } else notes.push('apps/node/dist/bootstrap is missing: run `pnpm build` (Node app not measured).');
  targets.push({
    id: 'node-floor',
    engine: 'node',
    role: 'floor',
    label: 'floor, Node',
    handlers: ALL,
    command: (job) => ({
      file: process.execPath,
      args: [join(fixtures, 'loops/floor.mjs')],
      env: floorEnv(job),
    }),
  });
  bare.push({ engine: 'node', label: 'node -e 0', command: { file: process.execPath, args: ['-e', '0'] } });

  const ric = resolveRic();
  if (ric !== undefined) {
    targets.push({
      id: 'node-ric',
      engine: 'node',
      role: 'peer',
      label: 'aws-lambda-ric, Node',
      handlers: ALL,
      command: (job) => ({ file: process.execPath, args: [ric], env: runtimeEnv(job.handler) }),
    });
  } else notes.push('aws-lambda-ric is not installed: its rows are skipped.');

  if (hasBun) {
    const bunApp = join(repoRoot, 'apps/bun/dist/bootstrap');
    if (existsSync(bunApp)) {
      targets.push({
        id: 'bun-app',
        engine: 'bun',
        role: 'app',
        label: 'ours, Bun',
        handlers: ALL,
        command: (job) => ({ file: 'bun', args: [bunApp], env: runtimeEnv(job.handler) }),
      });
    } else notes.push('apps/bun/dist/bootstrap is missing: run `pnpm build` (Bun app not measured).');
    targets.push({
      id: 'bun-floor',
      engine: 'bun',
      role: 'floor',
      label: 'floor, Bun',
      handlers: ALL,
      command: (job) => ({ file: 'bun', args: [join(fixtures, 'loops/floor.mjs')], env: floorEnv(job) }),
    });
    targets.push({
      id: 'bun-fetch',
      engine: 'bun',
      role: 'peer',
      label: 'fetch loop (layer-style), Bun',
      handlers: BUFFERED,
      command: (job) => ({
        file: 'bun',
        args: [join(fixtures, 'loops/bun-fetch-loop.ts')],
        env: runtimeEnv(job.handler),
      }),
    });
    bare.push({ engine: 'bun', label: 'bun -e 0', command: { file: 'bun', args: ['-e', '0'] } });
  } else notes.push('bun is not on PATH: Bun rows are skipped.');

  if (hasPython) {
    const pyApp = join(repoRoot, 'apps/python311/dist/bootstrap');
    if (existsSync(pyApp)) {
      targets.push({
        id: 'python-app',
        engine: 'python',
        role: 'app',
        label: 'ours, Python 3.11',
        handlers: ALL,
        // Exec'd as Lambda does: the bootstrap's own shebang (a sh launcher that execs python3).
        command: (job) => ({ file: pyApp, args: [], env: runtimeEnv(pythonHandler(job.handler)) }),
      });
    } else notes.push('apps/python311/dist/bootstrap is missing: the Python app is not measured.');
    targets.push({
      id: 'python-floor',
      engine: 'python',
      role: 'floor',
      label: 'floor, Python',
      handlers: ALL,
      command: (job) => ({ file: 'python3', args: [join(fixtures, 'loops/floor.py')], env: floorEnv(job) }),
    });
    bare.push({ engine: 'python', label: 'python3 -c 0', command: { file: 'python3', args: ['-c', '0'] } });
  } else notes.push('python3 is not on PATH: Python rows are skipped.');

  targets.push(...extra);
  return { targets, bare, notes };
}

function resolveRic(): string | undefined {
  const fromEnv = process.env.BENCH_RIC;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  try {
    // Installed by `pnpm bench:peers` into peers/ (not a workspace dependency: its native build
    // compiles curl at install time, which a plain `pnpm install` should not have to survive).
    const require = createRequire(join(packageRoot, 'peers', 'package.json'));
    const pkg = require.resolve('aws-lambda-ric/package.json');
    const entry = join(dirname(pkg), 'index.mjs');
    return existsSync(join(dirname(pkg), 'rapid-client.node')) && existsSync(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

export function floorOf(targets: readonly Target[], engine: Engine): Target | undefined {
  return targets.find((t) => t.engine === engine && t.role === 'floor');
}
