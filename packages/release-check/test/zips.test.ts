// The provided.al2023 zips: each engine app's `package:zip` script (docker/build-zip.mjs) builds its layer
// and function zips; the test reads them back (entries, modes, CRCs, also through Python's zipfile and
// `unzip` where present), extracts them as Lambda does and runs their `bootstrap` against a real fake
// Runtime API. Needs `pnpm build` first (the apps' dist/bootstrap).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hostLauncher, runBootstrap } from '@lambda-engines/conformance';
import {
  extractZip,
  findWorkspaceRoot,
  listZip,
  readZipEntry,
  runCommand,
  type ZipEntry,
} from '../src/index.ts';

const root = findWorkspaceRoot(fileURLToPath(new URL('.', import.meta.url)));

interface AppSpec {
  readonly app: 'node' | 'bun';
  readonly engine: string;
  readonly versionArg: string;
  /** What the sample's `engine` field says when the zip's own engine runs it. */
  readonly engineLabel: (version: string) => string;
}

const APPS: readonly AppSpec[] = [
  { app: 'node', engine: 'node', versionArg: 'NODE_VERSION', engineLabel: (v) => `node v${v}` },
  { app: 'bun', engine: 'bun', versionArg: 'BUN_VERSION', engineLabel: (v) => `bun ${v}` },
];

function pinnedVersion(app: string, arg: string): string {
  const dockerfile = readFileSync(join(root, 'apps', app, 'Dockerfile'), 'utf8');
  const match = new RegExp(`^ARG ${arg}=(\\S+)\\s*$`, 'm').exec(dockerfile);
  assert.ok(match, `apps/${app}/Dockerfile pins ${arg}`);
  return match[1]!;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const has = (command: string, args: string[]): boolean =>
  spawnSync(command, args, { stdio: 'ignore' }).status === 0;

let out = '';
const buildLog: Record<string, string> = {};
const started = performance.now();

before(async () => {
  out = await mkdtemp(join(tmpdir(), 'lambda-engines-zips-'));
  // Both apps at once: deflating ~120 MB each takes most of the time and zlib runs on the thread pool.
  await Promise.all(
    APPS.map(async ({ app }) => {
      const result = await runCommand(
        'node',
        ['scripts/build-zip.mjs', '--out', out, '--function', 'sample'],
        { cwd: join(root, 'apps', app), timeoutMs: 300_000 },
      );
      buildLog[app] = result.stdout.trim();
    }),
  );
});

after(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

for (const spec of APPS) {
  const { app, engine } = spec;
  const version = pinnedVersion(app, spec.versionArg);
  const dist = join(root, 'apps', app, 'dist');
  const layerZip = () => join(out, `${app}-provided.al2023.zip`);
  const functionZip = () => join(out, `${app}-provided.al2023-function.zip`);
  const modes = (entries: readonly ZipEntry[]) =>
    Object.fromEntries(entries.map((e) => [e.name, `${e.isDirectory ? 'd' : '-'}${e.mode.toString(8)}`]));

  describe(`${app}-provided.al2023.zip`, () => {
    test('layer zip: bootstrap, the pinned engine and the runtime, with their modes', (t) => {
      t.diagnostic(buildLog[app] ?? '');
      const entries = listZip(layerZip());
      const expected: Record<string, string> = {
        bootstrap: '-755',
        'bin/': 'd755',
        [`bin/${engine}`]: '-755',
        'runtime/': 'd755',
      };
      const walk = (dir: string, prefix: string): void => {
        for (const file of readdirSync(dir)) {
          // What docker/build-images.mjs's shipsWithRuntime() leaves out: zips, and a compile cache
          // primed on this machine (`pnpm bench` primes one; images prime their own).
          if (!prefix && (file.endsWith('.zip') || file === 'compile-cache')) continue;
          const stat = statSync(join(dir, file));
          if (stat.isDirectory()) {
            expected[`runtime/${prefix}${file}/`] = 'd755';
            walk(join(dir, file), `${prefix}${file}/`);
          } else expected[`runtime/${prefix}${file}`] = stat.mode & 0o111 ? '-755' : '-644';
        }
      };
      walk(dist, '');
      const actual = modes(entries);
      delete actual[`bin/${engine}.LICENSE`]; // present when the engine's package ships one (Node does)
      assert.deepEqual(actual, expected);
      assert.equal(actual['runtime/bootstrap'], '-755');
      for (const entry of entries)
        assert.equal(entry.madeBy, 3, `${entry.name}: made on Unix, so modes apply`);
      assert.equal(
        entries.map((e) => e.name).join('\n'),
        entries
          .map((e) => e.name)
          .sort()
          .join('\n'),
        'entries are sorted',
      );
    });

    test('layer zip: every entry inflates with a matching CRC; the runtime is dist/ byte for byte', () => {
      const file = layerZip();
      const entries = listZip(file);
      for (const entry of entries) if (!entry.isDirectory) readZipEntry(file, entry); // throws on a bad CRC
      const runtime = entries.find((e) => e.name === 'runtime/bootstrap')!;
      assert.equal(sha256(readZipEntry(file, runtime)), sha256(readFileSync(join(dist, 'bootstrap'))));
      const wrapper = readZipEntry(file, entries.find((e) => e.name === 'bootstrap')!).toString('utf8');
      assert.match(wrapper, /^#!\/bin\/sh\n/);
      assert.match(wrapper, new RegExp(`exec "\\$root/bin/${engine}" "\\$root/runtime/bootstrap"`));
      assert.ok(wrapper.includes(`${engine} ${version}`), 'the wrapper names the pinned engine version');
      const binary = entries.find((e) => e.name === `bin/${engine}`)!;
      assert.ok(binary.size > 30_000_000, `bin/${engine} is the engine (${binary.size} bytes)`);
    });

    test('function zip: the layer plus the sample function at the root', () => {
      const layer = modes(listZip(layerZip()));
      const fn = modes(listZip(functionZip()));
      const sample = readdirSync(join(root, 'apps', app, 'sample'));
      assert.deepEqual(fn, { ...layer, ...Object.fromEntries(sample.map((f) => [f, '-644'])) });
    });

    test("Python's zipfile reads the same entries, modes and CRCs", async (t) => {
      if (!has('python3', ['--version'])) {
        t.skip('python3 is not on PATH');
        return;
      }
      const script = [
        'import json, sys, zipfile',
        'z = zipfile.ZipFile(sys.argv[1])',
        'print(json.dumps({"bad": z.testzip(), "modes": {i.filename: oct(i.external_attr >> 16) for i in z.infolist()}}))',
      ].join('\n');
      const result = await runCommand('python3', ['-c', script, layerZip()], { cwd: out, timeoutMs: 60_000 });
      const report = JSON.parse(result.stdout) as { bad: string | null; modes: Record<string, string> };
      assert.equal(report.bad, null);
      assert.equal(report.modes.bootstrap, '0o100755');
      assert.equal(report.modes[`bin/${engine}`], '0o100755');
      assert.equal(report.modes['bin/'], '0o40755');
    });

    test('unzip -t accepts it (where unzip is installed)', async (t) => {
      if (!has('unzip', ['-v'])) {
        t.skip('unzip is not installed');
        return;
      }
      const result = await runCommand('unzip', ['-tq', layerZip()], { cwd: out, timeoutMs: 60_000 });
      assert.match(result.stdout, /No errors detected/);
    });

    test('as a layer: /opt/bootstrap from the unzipped layer answers through the Runtime API, on its own engine', async () => {
      const opt = await mkdtemp(join(tmpdir(), `lambda-engines-${app}-opt-`));
      try {
        await extractZip(layerZip(), opt);
        assert.equal(statSync(join(opt, 'bootstrap')).mode & 0o777, 0o755);
        assert.equal(statSync(join(opt, 'bin', engine)).mode & 0o777, 0o755);
        const result = await runBootstrap({
          launcher: hostLauncher(join(opt, 'bootstrap')),
          taskRoot: join(root, 'apps', app, 'sample'),
          handler: 'index.handler',
          // No engine on this PATH but the zip's: the wrapper puts its bin/ first.
          env: { PATH: '/usr/bin:/bin' },
          events: [{ event: { name: 'layer' } }, { event: { name: 'again' } }],
        });
        assert.equal(result.initError, undefined, result.stderr);
        for (const [i, name] of ['layer', 'again'].entries()) {
          const outcome = result.invocations[i]!.outcome;
          assert.equal(outcome?.kind, 'response', result.stderr);
          const body = JSON.parse(outcome.request.body.toString('utf8')) as {
            message: string;
            engine: string;
          };
          assert.equal(body.message, `Hello, ${name}!`);
          assert.equal(body.engine, spec.engineLabel(version), "the zip's engine ran it, not the host's");
        }
        assert.equal(result.pollingAgain, true, 'the loop went back to /next');
      } finally {
        await rm(opt, { recursive: true, force: true });
      }
    });

    test("as a function zip: /var/task/bootstrap streams the sample's index.stream", async () => {
      const task = await mkdtemp(join(tmpdir(), `lambda-engines-${app}-task-`));
      try {
        await extractZip(functionZip(), task);
        const result = await runBootstrap({
          launcher: hostLauncher(join(task, 'bootstrap')),
          taskRoot: task,
          handler: 'index.stream',
          env: { PATH: '/usr/bin:/bin' },
          events: [{ event: { name: 'zip' } }],
        });
        const outcome = result.invocations[0]!.outcome;
        assert.equal(outcome?.kind, 'response', result.stderr);
        assert.equal(outcome.request.headers['lambda-runtime-function-response-mode'], 'streaming');
        assert.equal(
          outcome.request.body.toString('utf8'),
          'chunk 1 for zip\nchunk 2 for zip\nchunk 3 for zip\n',
        );
      } finally {
        await rm(task, { recursive: true, force: true });
      }
    });
  });
}

test('zip sizes and time', (t) => {
  const sizes = readdirSync(out)
    .sort()
    .map((file) => `${file} ${(statSync(join(out, file)).size / 1e6).toFixed(1)} MB`);
  t.diagnostic(`${sizes.join(', ')}; ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
});
