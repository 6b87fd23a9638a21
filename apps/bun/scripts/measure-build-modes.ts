// Which Bun build mode starts fastest? Builds each variant of the bootstrap into a temp dir and times
// spawn -> first response posted to a real (fake) Runtime API, median of many runs, all in one process
// so the figures compare. Run: `bun scripts/measure-build-modes.ts [runs]`.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeRuntimeApi } from '@lambda-engines/conformance';

const runs = Number(process.argv[2] ?? 25);
const dir = await mkdtemp(join(tmpdir(), 'bun-modes-'));
const taskRoot = join(import.meta.dir, '../../node/sample');

async function build(name: string, args: string[]): Promise<string[] | undefined> {
  const out = join(dir, name);
  const compile = args.includes('--compile');
  // --bytecode writes a .jsc beside the bundle, so a non-compiled build needs a folder.
  const target = compile ? `--outfile=${out}` : `--outdir=${out}`;
  const proc = Bun.spawnSync(
    ['bun', 'build', 'src/bootstrap.ts', '--target=bun', '--minify', ...args, target],
    {
      cwd: join(import.meta.dir, '..'),
      stderr: 'pipe',
    },
  );
  if (proc.exitCode !== 0) {
    console.log(`${name}: build failed: ${proc.stderr.toString().split('\n')[0]}`);
    return undefined;
  }
  return compile ? [out] : ['bun', join(out, 'bootstrap.js')];
}

async function coldStart(command: string[]): Promise<number> {
  const api = new FakeRuntimeApi();
  const address = await api.listen();
  api.enqueue({
    requestId: 'r1',
    body: Buffer.from('{"name":"cold"}'),
    headers: {
      'Lambda-Runtime-Deadline-Ms': String(Date.now() + 30_000),
      'Lambda-Runtime-Invoked-Function-Arn': 'arn',
    },
  });
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    env: {
      ...process.env,
      AWS_LAMBDA_RUNTIME_API: address,
      _HANDLER: 'index.handler',
      LAMBDA_TASK_ROOT: taskRoot,
    },
    stdio: 'ignore',
  });
  await api.waitFor(() => api.outcomes.has('r1'), 10_000);
  const elapsed = api.requests.find((r) => r.method === 'POST')!.startedAt - started;
  child.kill('SIGKILL');
  await api.close();
  return elapsed;
}

async function bareEngine(): Promise<number> {
  const started = performance.now();
  await new Promise((resolve) => spawn('bun', ['-e', '0'], { stdio: 'ignore' }).on('exit', resolve));
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const variants: Array<[string, string[]]> = [
  ['bundle (bun dist/bootstrap)', ['--format=esm']],
  ['bundle + bytecode', ['--format=cjs', '--bytecode']],
  ['compile', ['--compile']],
  ['compile + bytecode', ['--compile', '--bytecode', '--format=cjs']],
];
const commands: Array<[string, string[]]> = [];
for (const [name, args] of variants) {
  const command = await build(name.replace(/\W+/g, '-'), args);
  if (command) commands.push([name, command]);
}
// Interleave the variants so drift on a shared machine hits them all alike.
const times = new Map<string, number[]>(commands.map(([name]) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, command] of commands) times.get(name)!.push(await coldStart(command));
}
const bare: number[] = [];
for (let i = 0; i < runs; i++) bare.push(await bareEngine());
const baseline = median(times.get(commands[0]![0])!);
console.log(`bare engine (bun -e 0): ${median(bare).toFixed(1)} ms`);
console.log(`cold start, spawn -> first response, median of ${runs} (Bun ${Bun.version})`);
for (const [name] of commands) {
  const m = median(times.get(name)!);
  console.log(
    `${name.padEnd(30)} ${m.toFixed(1).padStart(7)} ms   ${(m / baseline).toFixed(2)}x of the bundle`,
  );
}
await rm(dir, { recursive: true, force: true });
