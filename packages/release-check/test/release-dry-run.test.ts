// The release dry run: `changeset version` on a throwaway copy, `pnpm pack` every publishable package,
// each tarball checked (by hand and with publint), then the tarballs alone installed into a scratch
// project where a handler runs through the installed emulator and runtime. Needs `pnpm build` first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  changelogOf,
  checkImports,
  checkManifest,
  checkReadme,
  checkTarballFiles,
  cleanNpmEnv,
  createScratchProject,
  exportTargets,
  findWorkspaceRoot,
  installedRealPath,
  type LintFinding,
  lintTarball,
  type PackedPackage,
  type ReleaseDryRun,
  readChangesets,
  readManifest,
  releaseDryRun,
  runCommand,
  type ScratchProject,
} from '../src/index.ts';

const root = findWorkspaceRoot(fileURLToPath(new URL('.', import.meta.url)));

/** The packages the project publishes (issue 5 names the first five; fetch-adapter came with fetch handlers). */
const PUBLISHED = [
  '@lambda-engines/emulator',
  '@lambda-engines/fetch-adapter',
  '@lambda-engines/handler-loader',
  '@lambda-engines/runtime',
  '@lambda-engines/runtime-api',
  '@lambda-engines/streaming',
];

const FUNCTION_CODE = `// A function as a user writes it for the managed Node.js runtime.
export const handler = async (event, context) => {
  console.log('handling', event.name);
  return { hello: event.name, requestId: context.awsRequestId, remaining: context.getRemainingTimeInMillis() > 0 };
};

export const stream = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/plain');
  for (const part of ['one ', 'two ', event.name]) {
    responseStream.write(part);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  responseStream.end();
});

export const fails = async () => {
  throw new TypeError('nope');
};
`;

let dryRun: ReleaseDryRun;
let scratch: ScratchProject;
const lint = new Map<string, LintFinding[]>();
const started = performance.now();
const timings: Record<string, number> = {};

function packed(name: string): PackedPackage {
  const found = dryRun.packed.find((p) => p.name === name);
  assert.ok(found, `${name} was not packed`);
  return found;
}

function invoke(
  handler: string,
  event: unknown,
  bin = ['node', 'node_modules/@lambda-engines/emulator/dist/cli.js'],
) {
  const [command, ...args] = bin;
  const result = spawnSync(
    command!,
    [
      ...args,
      'invoke',
      '--bootstrap',
      './bootstrap',
      '--handler',
      handler,
      '--task-root',
      './function',
      '--event',
      JSON.stringify(event),
    ],
    { cwd: scratch.dir, encoding: 'utf8', timeout: 30_000, env: withoutNpmSettings() },
  );
  return result;
}

/** This process's environment minus the npm_* / pnpm settings a parent `pnpm test` exports. */
function withoutNpmSettings(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(cleanNpmEnv())) delete env[key];
  return env;
}

before(async () => {
  let t = performance.now();
  dryRun = await releaseDryRun(root);
  Object.assign(timings, dryRun.timings);
  t = performance.now();
  for (const pkg of dryRun.packed) lint.set(pkg.name, await lintTarball(pkg.tarball));
  timings.publint = Math.round(performance.now() - t);
  t = performance.now();
  scratch = await createScratchProject(dryRun.packed.map((p) => p.tarball));
  timings['npm install'] = Math.round(performance.now() - t);
  await writeFile(join(scratch.dir, 'function', 'index.mjs'), FUNCTION_CODE);
});

after(async () => {
  if (dryRun) await rm(dryRun.copy, { recursive: true, force: true });
  if (scratch) await rm(scratch.dir, { recursive: true, force: true });
});

describe('release dry run', () => {
  test('the publishable packages are the six libraries; everything else is private', () => {
    assert.deepEqual(dryRun.packed.map((p) => p.name).sort(), PUBLISHED);
  });

  test('changeset version writes the versions the changesets ask for, on the copy only', (t) => {
    for (const [name, expected] of dryRun.expected) {
      const after = dryRun.versionsAfter.get(name);
      assert.ok(
        after !== undefined && expected.after.includes(after),
        `${name}: ${expected.before} -> ${after}, expected ${expected.after.join(' or ')} (${expected.reason})`,
      );
    }
    assert.deepEqual(dryRun.changesetsLeft, [], 'changeset version consumes every changeset');
    for (const pkg of dryRun.packed) {
      assert.equal(pkg.manifest.version, pkg.after, `${pkg.name}: the tarball carries the new version`);
      if (pkg.after !== pkg.before) {
        assert.match(
          changelogOf(dryRun, pkg.path) ?? '',
          new RegExp(`^## ${pkg.after.replace(/\./g, '\\.')}$`, 'm'),
        );
      }
    }
    // The real tree is untouched: same versions, same changesets.
    for (const pkg of dryRun.packed) assert.equal(readManifest(join(root, pkg.path)).version, pkg.before);
    assert.deepEqual(
      readChangesets(root).map((c) => c.file),
      dryRun.changesets.map((c) => c.file),
    );
    t.diagnostic(
      dryRun.packed.map((p) => `${p.name} ${p.before} -> ${p.after}`).join(', ') +
        ` (${dryRun.changesets.length} changeset(s))`,
    );
  });

  for (const name of PUBLISHED) {
    describe(name, () => {
      test('package.json as published: ESM, exports with types, files, engines, sideEffects, no workspace: ranges', () => {
        const pkg = packed(name);
        assert.deepEqual(checkManifest(pkg.manifest), []);
        // Internal dependencies point at the versions released together with this one.
        for (const [dep, range] of Object.entries(pkg.manifest.dependencies ?? {})) {
          const version = dryRun.versionsAfter.get(dep);
          if (version !== undefined) assert.equal(range, `^${version}`, `${name} -> ${dep}`);
        }
      });

      test('tarball: dist/*.js and .d.ts for every export, no src/ or tests, README', () => {
        const pkg = packed(name);
        assert.deepEqual(checkTarballFiles(pkg.manifest, pkg.entries), []);
        assert.ok(exportTargets(pkg.manifest.exports).length >= 3);
      });

      test('README has a usage example', () => {
        const pkg = packed(name);
        const readme = pkg.entries.find((e) => e.path === 'README.md')?.data.toString('utf8');
        assert.deepEqual(checkReadme(pkg.manifest, readme), []);
      });

      test('every package its JavaScript and types import is a declared dependency', () => {
        const pkg = packed(name);
        assert.deepEqual(checkImports(pkg.manifest, pkg.entries), []);
      });

      test('publint finds no error or warning', (t) => {
        const findings = lint.get(name) ?? [];
        for (const finding of findings)
          t.diagnostic(`publint ${finding.type} ${finding.code}: ${finding.text}`);
        assert.deepEqual(
          findings.filter((f) => f.type !== 'suggestion').map((f) => `${f.code}: ${f.text}`),
          [],
        );
      });
    });
  }
});

describe('the tarballs installed into a scratch project (no workspace links)', () => {
  test('npm installs each package from its tarball and undici from the registry', () => {
    for (const pkg of dryRun.packed) {
      const info = scratch.installed.get(pkg.name);
      assert.ok(info, `${pkg.name} is installed`);
      assert.equal(info.version, pkg.after);
      assert.equal(info.link, false, `${pkg.name} is not a link`);
      assert.match(info.resolved ?? '', /^file:.*\.tgz$/, `${pkg.name} comes from its tarball`);
      const real = installedRealPath(scratch, pkg.name);
      assert.ok(real.startsWith(scratch.dir + sep), `${pkg.name} lives in the scratch project (${real})`);
      assert.ok(!existsSync(join(real, 'src')), `${pkg.name} has no src/`);
    }
    const undici = scratch.installed.get('undici');
    assert.ok(undici, 'undici is installed');
    assert.match(undici.resolved ?? 'registry', /^(https?:|registry)/);
    const names = [...scratch.installed.keys()].sort();
    assert.deepEqual(names, [...PUBLISHED, 'undici'].sort(), 'nothing else is pulled in');
  });

  const loadScript = `
const exportsOf = ${JSON.stringify(Object.fromEntries(PUBLISHED.map((name) => [name, null])))};
const { createRequire } = await import('node:module');
const require = createRequire(import.meta.url);
const out = {};
for (const name of Object.keys(exportsOf)) {
  const manifest = require(name + '/package.json');
  for (const subpath of Object.keys(manifest.exports)) {
    if (subpath === './package.json') continue;
    const specifier = subpath === '.' ? name : name + subpath.slice(1);
    const module = await import(specifier);
    out[specifier] = Object.keys(module).length;
  }
}
console.log(JSON.stringify(out));
`;

  for (const engine of ['node', 'bun'] as const) {
    test(`every export of every package loads (${engine})`, async (t) => {
      if (engine === 'bun' && spawnSync('bun', ['--version']).status !== 0) {
        t.skip('bun is not on PATH');
        return;
      }
      await writeFile(join(scratch.dir, 'load-all.mjs'), loadScript);
      const result = await runCommand(engine, ['load-all.mjs'], { cwd: scratch.dir, timeoutMs: 30_000 });
      const loaded = JSON.parse(result.stdout) as Record<string, number>;
      const specifiers = dryRun.packed.flatMap((pkg) =>
        Object.keys(pkg.manifest.exports as Record<string, unknown>)
          .filter((subpath) => subpath !== './package.json')
          .map((subpath) => (subpath === '.' ? pkg.name : pkg.name + subpath.slice(1))),
      );
      assert.deepEqual(Object.keys(loaded).sort(), specifiers.sort());
      for (const [specifier, count] of Object.entries(loaded))
        assert.ok(count > 0, `${specifier} exports nothing`);
    });
  }

  test('the installed types resolve for a consumer (tsc, module nodenext, across packages)', async () => {
    // skipLibCheck keeps this at ~4 s instead of ~12 s (checking all of @types/node and undici); the
    // IsAny lines still fail when a declaration, or one package's import of another's, does not resolve.
    const check = `import { run, type RunOptions, type LambdaContext } from '@lambda-engines/runtime';
import { createTransport, toRuntimeErrorBody, type RuntimeApiTransport } from '@lambda-engines/runtime-api';
import { UndiciTransport } from '@lambda-engines/runtime-api/undici';
import { loadHandler, type LoadedHandler } from '@lambda-engines/handler-loader';
import { createResponseStream, HttpResponseStream } from '@lambda-engines/streaming';
import { startEmulator, type Emulator } from '@lambda-engines/emulator';
import { detectEventSource, type HttpEvent } from '@lambda-engines/fetch-adapter';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Resolved<T> = IsAny<T> extends true ? never : true;
export const resolved: [
  Resolved<RunOptions['transport']>, Resolved<LambdaContext>, Resolved<RuntimeApiTransport>,
  Resolved<typeof UndiciTransport>, Resolved<LoadedHandler>, Resolved<typeof createResponseStream>,
  Resolved<typeof HttpResponseStream>, Resolved<Emulator>, Resolved<HttpEvent>,
] = [true, true, true, true, true, true, true, true, true];

const transport: RuntimeApiTransport = new UndiciTransport({ address: '127.0.0.1:9001' });
const options: RunOptions = { transport };
export const used = [run, options, createTransport, toRuntimeErrorBody, loadHandler, startEmulator, detectEventSource];
`;
    await writeFile(join(scratch.dir, 'check.ts'), check);
    await writeFile(
      join(scratch.dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(root, 'node_modules', '@types')],
        },
        files: ['check.ts'],
      }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await runCommand('node', [tsc, '-p', 'tsconfig.json'], {
      cwd: scratch.dir,
      timeoutMs: 60_000,
      allowFailure: true,
    });
    assert.equal(result.exitCode, 0, result.stdout + result.stderr);
  });

  test('a handler runs through the installed emulator and runtime', () => {
    const result = invoke('index.handler', { name: 'scratch' });
    assert.equal(result.status, 0, result.stderr);
    const body = JSON.parse(result.stdout) as { hello: string; requestId: string; remaining: boolean };
    assert.equal(body.hello, 'scratch');
    assert.match(body.requestId, /^[0-9a-f-]{36}$/);
    assert.equal(body.remaining, true);
    assert.match(result.stderr, /^START RequestId: /m);
    assert.match(result.stderr, /handling\tscratch|handling scratch/);
    assert.match(result.stderr, /^REPORT RequestId: .*Init Duration/m);
  });

  test('a streaming handler, through the lambda-emulator bin npm linked', () => {
    const result = invoke('index.stream', { name: 'three' }, [
      join(scratch.dir, 'node_modules', '.bin', 'lambda-emulator'),
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'one two three');
  });

  test('a function error: exit status 1 and the error body', () => {
    const result = invoke('index.fails', {});
    assert.equal(result.status, 1, result.stderr);
    const body = JSON.parse(result.stdout) as { errorType: string; errorMessage: string };
    assert.equal(body.errorType, 'TypeError');
    assert.equal(body.errorMessage, 'nope');
    assert.match(result.stderr, /function error \(Unhandled\): TypeError: nope/);
  });

  test('timings', (t) => {
    timings.total = Math.round(performance.now() - started);
    t.diagnostic(
      Object.entries(timings)
        .map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)} s`)
        .join(', '),
    );
  });
});
