import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Target } from './targets.ts';

/**
 * Primes our Node app's compile cache for each Node engine measured, as the image build does
 * (apps/node/Dockerfile runs dist/prime-compile-cache.cjs): V8 takes the cache only from its own version,
 * so each engine primes its own. Returns one line per engine for the run's notes.
 */
export function primeCompileCaches(targets: readonly Target[]): string[] {
  const lines: string[] = [];
  for (const target of targets) {
    if (target.role !== 'app' || (target.engine !== 'node' && target.engine !== 'node24')) continue;
    const { file, args } = target.command({ handler: 'hello' });
    const bootstrap = args[0];
    if (bootstrap === undefined) continue;
    const script = join(dirname(bootstrap), 'prime-compile-cache.cjs');
    if (!existsSync(script)) {
      lines.push(`${target.label}: no ${script} (rebuild apps/node): compile cache not primed`);
      continue;
    }
    const result = spawnSync(file, [script], { encoding: 'utf8', timeout: 60_000 });
    const said = `${result.stdout}${result.stderr}`.trim().split('\n').at(-1) ?? '';
    lines.push(`${target.label}: ${result.status === 0 ? said : `priming failed (${said})`}`);
  }
  return lines;
}
