import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from './processes.ts';

/** Engine families: `node` is the host's Node (20), `node24` the Node our image ships (peers/node24). */
export type Engine = 'node' | 'node24' | 'bun' | 'python';
export const ENGINES: readonly Engine[] = ['node', 'node24', 'bun', 'python'];
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
/** The same task functions as handlers for Bun's Lambda layer (fetch-style: Request in, Response out). */
export const layerTaskRoot = join(fixtures, 'task-fetch');
export const peersRoot = join(packageRoot, 'peers');

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
  /** Engine versions beyond the host's (e.g. `node24`). */
  readonly versions: Record<string, string>;
  /** Why something is not measured. */
  readonly notes: string[];
}

function works(file: string, args: string[], env?: NodeJS.ProcessEnv): boolean {
  const r = spawnSync(file, args, { stdio: 'ignore', timeout: 10_000, env });
  return r.status === 0;
}

function versionOf(file: string): string | undefined {
  const r = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Finds what can run here: engines, built apps, peers. */
export function discoverTargets(extra: readonly Target[] = []): Discovery {
  const notes: string[] = [];
  const targets: Target[] = [];
  const bare: Discovery['bare'] = [];
  const versions: Record<string, string> = {};
  const hasBun = works('bun', ['--version']);
  const hasPython = works('python3', ['-c', '0']);

  const nodeApp = join(repoRoot, 'apps/node/dist/bootstrap');
  const ric = resolveRic();
  if (!existsSync(nodeApp))
    notes.push('apps/node/dist/bootstrap is missing: run `pnpm build` (Node app not measured).');
  if (ric === undefined) notes.push('aws-lambda-ric is not installed: its rows are skipped.');
  const addNode = (engine: 'node' | 'node24', node: string, name: string): void => {
    if (existsSync(nodeApp)) {
      targets.push({
        id: `${engine}-app`,
        engine,
        role: 'app',
        label: `ours, ${name}`,
        handlers: ALL,
        command: (job) => ({ file: node, args: [nodeApp], env: runtimeEnv(job.handler) }),
      });
    }
    targets.push({
      id: `${engine}-floor`,
      engine,
      role: 'floor',
      label: `floor, ${name}`,
      handlers: ALL,
      command: (job) => ({ file: node, args: [join(fixtures, 'loops/floor.mjs')], env: floorEnv(job) }),
    });
    bare.push({ engine, label: `${engine} -e 0`, command: { file: node, args: ['-e', '0'] } });
    if (ric === undefined) return;
    // The addon is Node-API (ABI-stable), but check that this engine loads it before measuring.
    const addon = join(dirname(ric), 'rapid-client.node');
    const env = { ...process.env, AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9' };
    if (engine !== 'node' && !works(node, ['-e', `require(${JSON.stringify(addon)})`], env)) {
      notes.push(`aws-lambda-ric's native addon does not load on ${name}: its ${name} rows are skipped.`);
      return;
    }
    targets.push({
      id: `${engine}-ric`,
      engine,
      role: 'peer',
      label: `aws-lambda-ric, ${name}`,
      handlers: ALL,
      command: (job) => ({ file: node, args: [ric], env: runtimeEnv(job.handler) }),
    });
  };
  addNode('node', process.execPath, 'Node');
  const node24 = resolveNode24();
  const node24Version = node24 === undefined ? undefined : versionOf(node24);
  if (node24 !== undefined && node24Version !== undefined) {
    versions.node24 = node24Version;
    addNode('node24', node24, 'Node 24');
  } else {
    notes.push(
      'Node 24 is not installed in peers/node24 (`pnpm bench:peers` installs it): its rows are skipped.',
    );
  }

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
    // Bun's Lambda layer runtime, reproduced (see the loop's header): run from TypeScript source with
    // `--cwd $LAMBDA_TASK_ROOT` as the layer's bootstrap does, on the layer-style task module.
    const aws4fetch = join(peersRoot, 'bun-layer');
    const hasAws4fetch = existsSync(join(aws4fetch, 'node_modules/aws4fetch/package.json'));
    if (!hasAws4fetch) {
      notes.push(
        'aws4fetch is not in peers/bun-layer (`pnpm bench:peers`): the Bun layer peer starts without it.',
      );
    }
    targets.push({
      id: 'bun-fetch',
      engine: 'bun',
      role: 'peer',
      label: 'Bun layer runtime (reproduced), Bun',
      handlers: BUFFERED,
      command: (job) => ({
        file: 'bun',
        args: ['--cwd', layerTaskRoot, join(fixtures, 'loops/bun-fetch-loop.ts')],
        env: {
          _HANDLER: `handlers.${job.handler}`,
          LAMBDA_TASK_ROOT: layerTaskRoot,
          BUN_INSTALL_CACHE_DIR: '/tmp/bun/cache',
          ...(hasAws4fetch ? { BENCH_BUN_LAYER_MODULES: aws4fetch } : {}),
        },
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
  return { targets, bare, notes, versions };
}

/**
 * Keeps the targets `only` names: engine families (`node`, `node24`, `bun`, `python`) or target ids
 * (`bun-fetch`); the floor of every kept engine stays (every ratio needs it). Unknown names throw.
 */
export function selectTargets(discovery: Discovery, only: readonly string[]): Discovery {
  const known = new Set<string>([...ENGINES, ...discovery.targets.map((t) => t.id)]);
  const unknown = only.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`--only: unknown ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  }
  const wanted = new Set(only);
  const picked = discovery.targets.filter((t) => wanted.has(t.engine) || wanted.has(t.id));
  const engines = new Set(picked.map((t) => t.engine));
  const targets = discovery.targets.filter(
    (t) => picked.includes(t) || (t.role === 'floor' && engines.has(t.engine)),
  );
  return {
    ...discovery,
    targets,
    bare: discovery.bare.filter((b) => engines.has(b.engine)),
    notes: [...discovery.notes, `--only ${only.join(',')}: the other targets were not run.`],
  };
}

function resolveNode24(): string | undefined {
  const fromEnv = process.env.BENCH_NODE24;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  // Installed by `pnpm bench:peers` from the npm package node-linux-<arch> (the version the image pins).
  const bin = join(peersRoot, 'node24/bin/node');
  return existsSync(bin) ? bin : undefined;
}

function resolveRic(): string | undefined {
  const fromEnv = process.env.BENCH_RIC;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  try {
    // Installed by `pnpm bench:peers` into peers/ (not a workspace dependency: its native build
    // compiles curl at install time, which a plain `pnpm install` should not have to survive).
    const require = createRequire(join(peersRoot, 'package.json'));
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
