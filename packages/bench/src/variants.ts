import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtures, type HandlerName, repoRoot, type Target, taskRoot } from './targets.ts';

const ALL: ReadonlySet<HandlerName> = new Set(['echo', 'hello', 'payload', 'stream', 'firstByte']);

export interface Variants {
  readonly targets: Target[];
  readonly notes: string[];
  cleanup(): void;
}

/**
 * Local experiments on the levers the issue names, built into a temp dir for this run only:
 * the Bun app as a `bun build --compile --bytecode` executable, and the Bun floor on `Bun.connect`.
 */
export function buildVariants(): Variants {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-engines-bench-'));
  const targets: Target[] = [];
  const notes: string[] = [];
  const bunSource = join(repoRoot, 'apps/bun/src/bootstrap.ts');
  if (existsSync(bunSource)) {
    const out = join(dir, 'bootstrap-bun-compiled');
    const r = spawnSync(
      'bun',
      ['build', '--compile', '--bytecode', '--minify', bunSource, '--outfile', out],
      { cwd: join(repoRoot, 'apps/bun'), encoding: 'utf8', timeout: 60_000 },
    );
    if (r.status === 0 && existsSync(out)) {
      targets.push({
        id: 'bun-app-compiled',
        engine: 'bun',
        role: 'variant',
        label: 'ours, Bun, --compile --bytecode (experiment)',
        handlers: ALL,
        command: (job) => ({
          file: out,
          args: [],
          env: { _HANDLER: `handlers.${job.handler}`, LAMBDA_TASK_ROOT: taskRoot },
        }),
      });
    } else {
      notes.push(
        `bun build --compile --bytecode failed: ${(r.stderr || r.error?.message || '').slice(0, 300)}`,
      );
    }
  }
  targets.push({
    id: 'bun-floor-connect',
    engine: 'bun',
    role: 'variant',
    label: 'floor, Bun, Bun.connect (experiment)',
    handlers: new Set(['echo', 'hello']),
    command: (job) => ({
      file: 'bun',
      args: [join(fixtures, 'loops/floor-bun-connect.mjs')],
      env: { FLOOR_MODE: job.handler },
    }),
  });
  return {
    targets,
    notes,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
