import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FAKE_RUNTIME, FIXTURES } from './helpers.ts';

// The built CLI, as `pnpm build` makes it (turbo builds before testing): each run starts in ~0.1 s
// instead of ~1 s through tsx, and what is tested is what ships.
const SOURCE = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

before(() => {
  if (!existsSync(CLI))
    throw new Error(`${CLI} does not exist: run \`pnpm build\` in packages/emulator first`);
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  args: string[],
  options: { cwd?: string; input?: string; runner?: string[]; cli?: string } = {},
): Promise<Run> {
  const [command, ...prefix] = options.runner ?? [process.execPath];
  return new Promise((resolve, reject) => {
    const child = spawn(command!, [...prefix, options.cli ?? CLI, ...args], {
      cwd: options.cwd ?? FIXTURES,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

test('invoke: the body on stdout, the function output and platform lines on stderr, exit 0', async () => {
  const result = await run([
    'invoke',
    '--bootstrap',
    FAKE_RUNTIME,
    '--handler',
    'chatty',
    '--event',
    '{"a":1}',
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '{"a":1}');
  assert.match(result.stderr, /hello from stdout/);
  assert.match(result.stderr, /hello from stderr/);
  assert.match(result.stderr, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m);
  assert.match(result.stderr, /^REPORT RequestId: /m);
});

test('invoke: the event from stdin or a file, and --env', async () => {
  const piped = await run(['invoke', '--bootstrap', FAKE_RUNTIME, '--handler', 'h'], {
    input: '{"from":"stdin"}',
  });
  assert.equal(piped.stdout, '{"from":"stdin"}');
  const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
  try {
    writeFileSync(join(dir, 'event.json'), '{"action":"env"}');
    const fromFile = await run(
      [
        'invoke',
        '--bootstrap',
        FAKE_RUNTIME,
        '--handler',
        'h',
        '--event-file',
        'event.json',
        '--env',
        'A=1=2',
      ],
      { cwd: dir },
    );
    assert.equal(fromFile.code, 0, fromFile.stderr);
    const { env, cwd } = JSON.parse(fromFile.stdout);
    assert.equal(env.A, '1=2');
    assert.equal(cwd, dir, 'the task root defaults to the current directory');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('invoke: a function error prints the error, exits 1', async () => {
  const result = await run([
    'invoke',
    '--bootstrap',
    FAKE_RUNTIME,
    '--handler',
    'h',
    '--event',
    '{"action":"throw"}',
  ]);
  assert.equal(result.code, 1);
  assert.equal(JSON.parse(result.stdout).errorType, 'MyError');
  assert.match(result.stderr, /function error \(Unhandled\): MyError: boom/);
  const timedOut = await run([
    'invoke',
    '--bootstrap',
    FAKE_RUNTIME,
    '--handler',
    'h',
    '--timeout',
    '0.3',
    '--event',
    '{"action":"sleep","ms":5000}',
  ]);
  assert.equal(timedOut.code, 1);
  assert.match(
    timedOut.stderr,
    /Sandbox\.Timedout: RequestId: \S+ Error: Task timed out after 0\.30 seconds/,
  );
});

test('--app finds apps/<name>/dist/bootstrap above the current directory, or says to build', async () => {
  const root = mkdtempSync(join(tmpdir(), 'emulator-ws-'));
  try {
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - apps/*\n');
    mkdirSync(join(root, 'apps', 'fake', 'dist'), { recursive: true });
    mkdirSync(join(root, 'apps', 'unbuilt'), { recursive: true });
    mkdirSync(join(root, 'apps', 'fake', 'sample'), { recursive: true });
    copyFileSync(FAKE_RUNTIME, join(root, 'apps', 'fake', 'dist', 'bootstrap'));
    execFileSync('chmod', ['+x', join(root, 'apps', 'fake', 'dist', 'bootstrap')]);
    const cwd = join(root, 'apps', 'unbuilt');
    const missing = await run(['invoke', '--app', 'unbuilt', '--handler', 'h', '--event', '{}'], { cwd });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /apps\/unbuilt\/dist\/bootstrap not found: run pnpm build first/);
    // --task-root relative to the workspace root also works from a package directory.
    const ok = await run(
      [
        'invoke',
        '--app',
        'fake',
        '--handler',
        'h',
        '--task-root',
        'apps/fake/sample',
        '--event',
        '{"action":"env"}',
      ],
      { cwd },
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).env.LAMBDA_TASK_ROOT, join(root, 'apps', 'fake', 'sample'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('usage errors exit 2 with a hint; --help exits 0', async () => {
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
  assert.match(help.stdout, /Usage: lambda-emulator <invoke\|serve>/);
  const noHandler = await run(['invoke', '--bootstrap', FAKE_RUNTIME]);
  assert.equal(noHandler.code, 2);
  assert.match(noHandler.stderr, /--handler is required\nRun lambda-emulator --help/);
  const unknown = await run(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command: frobnicate/);
});

test('serve: an RIE-style endpoint for curl, until SIGTERM', async (t) => {
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'serve', '--bootstrap', FAKE_RUNTIME, '--handler', 'h', '--port', '0'],
    { cwd: FIXTURES, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t.after(() => child.kill('SIGKILL'));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /curl -d '\{\}' (http:\/\/127\.0\.0\.1:\d+\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', () => reject(new Error(`serve exited: ${output}`)));
  });
  const post = (body: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { method: 'POST' }, (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  assert.deepEqual(await post('{"n":1}'), { status: 200, body: '{"n":1}' });
  assert.deepEqual(await post('{"n":2}'), { status: 200, body: '{"n":2}' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.match(output, /START RequestId/);
});

test('the CLI and the emulator also run on Bun', async (t) => {
  let bun: string;
  try {
    bun = execFileSync('which', ['bun']).toString().trim();
  } catch {
    t.skip('bun is not on PATH');
    return;
  }
  // Bun runs the TypeScript sources directly.
  const result = await run(
    ['invoke', '--bootstrap', FAKE_RUNTIME, '--handler', 'h', '--event', '{"on":"bun"}'],
    {
      runner: [bun],
      cli: SOURCE,
    },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '{"on":"bun"}');
  const error = await run(
    ['invoke', '--bootstrap', FAKE_RUNTIME, '--handler', 'h', '--event', '{"action":"throw"}'],
    {
      runner: [bun],
      cli: SOURCE,
    },
  );
  assert.equal(error.code, 1);
  assert.match(error.stderr, /MyError: boom/);
  // A mid-stream error travels as trailers under Bun as well.
  const streamed = await run(
    [
      'invoke',
      '--bootstrap',
      FAKE_RUNTIME,
      '--handler',
      'h',
      '--event',
      '{"action":"stream","chunks":["par","tial"],"error":{"errorType":"StreamError","errorMessage":"late"}}',
    ],
    { runner: [bun], cli: SOURCE },
  );
  assert.equal(streamed.code, 1);
  assert.equal(streamed.stdout, 'partial');
  assert.match(streamed.stderr, /function error \(Unhandled\): StreamError: late/);
});
