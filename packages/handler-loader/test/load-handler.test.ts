// Every case in cases.ts, loaded by the BUILT loader in a real child process: once under Node (this
// host's), once under Bun. Both must match the expectation, and each other (bar the listed engine
// differences).
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { canRunTypeScript, currentEngine } from '../src/engine.ts';
import { type Case, cases, type Expected } from './cases.ts';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const distIndex = path.join(packageDir, 'dist', 'index.js');
const runner = fileURLToPath(new URL('./runner/load-cases.mjs', import.meta.url));
const hasBun = spawnSync('bun', ['--version'], { stdio: 'ignore' }).status === 0;

type Outcome =
  | { ok: true; kind: string; result: unknown; modulePath: string; moduleRoot: string; handlerName: string }
  | {
      ok: false;
      error: {
        name?: string;
        code?: string;
        message?: string;
        stack?: string[];
        isHandlerLoadError?: boolean;
      };
    };

function ensureBuilt(): void {
  const srcDir = path.join(packageDir, 'src');
  const newest = Math.max(...readdirSync(srcDir).map((f) => statSync(path.join(srcDir, f)).mtimeMs));
  if (existsSync(distIndex) && statSync(distIndex).mtimeMs >= newest) return;
  execFileSync('pnpm', ['build'], { cwd: packageDir, stdio: 'ignore' });
}

let root = '';
let casesFile = '';
const outcomes: Record<'node' | 'bun', Record<string, Outcome>> = { node: {}, bun: {} };

async function runEngine(engine: 'node' | 'bun'): Promise<Record<string, Outcome>> {
  const { stdout } = await run(engine, [runner, pathToFileURL(distIndex).href, casesFile], {
    cwd: root,
    timeout: 20_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, Outcome>;
}

before(async () => {
  ensureBuilt();
  // Fixtures are copied out of the repo: this package's own package.json says "type": "module", and
  // the "no package.json" cases need a tree with no package.json above them (as /var/task has none).
  root = mkdtempSync(path.join(tmpdir(), 'handler-loader-fixtures-'));
  cpSync(fileURLToPath(new URL('./fixtures', import.meta.url)), root, { recursive: true });
  casesFile = path.join(root, 'cases.json');
  const list = cases.map((c) => ({
    id: c.id,
    taskRoot: path.join(root, c.root),
    handler: c.handler.replaceAll('<root>', root),
  }));
  writeFileSync(casesFile, JSON.stringify({ root, loaderPath: distIndex, cases: list }));
  outcomes.node = await runEngine('node');
  if (hasBun) outcomes.bun = await runEngine('bun');
});

after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function expectedFor(c: Case, engine: 'node' | 'bun'): Expected {
  if (c.typescript) {
    if (engine === 'bun' || canRunTypeScript()) return { result: c.typescript.result };
    return {
      error: 'Runtime.ImportModuleError',
      code: 'ERR_IMPORT_MODULE',
      message: `Cannot load the TypeScript handler '${c.typescript.file}': Node.js ${process.versions.node} cannot strip types. TypeScript handlers need Node.js >= 22.18 (or 23.6+), or Bun; otherwise compile the handler to .js.`,
    };
  }
  return (engine === 'bun' && c.bun) || c.expect;
}

function check(outcome: Outcome | undefined, expected: Expected, label: string): void {
  assert.ok(outcome, `${label}: no outcome`);
  if ('result' in expected) {
    assert.ok(outcome.ok, `${label}: expected success, got ${JSON.stringify(outcome)}`);
    assert.deepEqual(outcome.result, expected.result);
    assert.equal(outcome.kind, expected.kind ?? 'function');
    if (expected.modulePath) assert.equal(outcome.modulePath, expected.modulePath);
    if (expected.moduleRoot) assert.equal(outcome.moduleRoot, expected.moduleRoot);
    return;
  }
  assert.ok(!outcome.ok, `${label}: expected ${expected.error}, got ${JSON.stringify(outcome)}`);
  const { error } = outcome;
  assert.equal(error.name, expected.error);
  if (expected.code) assert.equal(error.code, expected.code);
  if (typeof expected.message === 'string') assert.equal(error.message, expected.message);
  else assert.match(error.message ?? '', expected.message);
  if (typeof expected.stack0 === 'string') assert.equal(error.stack?.[0], expected.stack0);
  else if (expected.stack0) assert.match(error.stack?.[0] ?? '', expected.stack0);
  assert.equal(error.isHandlerLoadError, expected.wrapped ?? true);
}

describe(`loadHandler on Node ${currentEngine().version}`, () => {
  for (const c of cases) {
    it(`${c.id} (${c.root}: ${c.handler})${c.pins ? ` [pins ${c.pins}]` : ''}`, () => {
      check(outcomes.node[c.id], expectedFor(c, 'node'), 'node');
    });
  }
});

describe('loadHandler on Bun', { skip: hasBun ? false : 'bun is not on PATH' }, () => {
  for (const c of cases) {
    it(`${c.id} (${c.root}: ${c.handler})`, () => {
      check(outcomes.bun[c.id], expectedFor(c, 'bun'), 'bun');
    });
  }

  it('finds the same export, or fails with the same error type, as Node', () => {
    const differences = cases.filter((c) => !c.bun && !(c.typescript && !canRunTypeScript()));
    for (const c of differences) {
      const node = outcomes.node[c.id];
      const bun = outcomes.bun[c.id];
      assert.ok(node && bun, c.id);
      const summary = (o: Outcome) =>
        o.ok
          ? { kind: o.kind, result: o.result, handlerName: o.handlerName }
          : { name: o.error.name, code: o.error.code, wrapped: o.error.isHandlerLoadError };
      assert.deepEqual(summary(bun), summary(node), c.id);
    }
  });
});
