// The full soak: 100,000 invokes per engine through the emulator, RSS sampled every 10,000.
//   node --import tsx packages/conformance/scripts/soak.ts [--app node|bun|python311] [--invokes 100000]
// (from the repository root, after `pnpm build`). Prints one line per checkpoint and a summary.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from '../src/fixtures-dir.ts';
import { hostLauncher } from '../src/launcher.ts';
import { runSoak } from '../src/soak/run-soak.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const apps = option('app', 'node,bun,python311').split(',');
const invokes = Number(option('invokes', '100000'));
const every = Number(option('every', '10000'));
const root = fileURLToPath(new URL('../../../', import.meta.url));

const fixtures = await mkdtemp(join(tmpdir(), 'soak-fixtures-'));
await cp(FIXTURES, fixtures, { recursive: true });
try {
  for (const app of apps) {
    const bootstrap = join(root, 'apps', app, 'dist', 'bootstrap');
    const engine = app === 'python311' ? 'python' : app;
    const version =
      engine === 'python'
        ? execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim()
        : engine === 'bun'
          ? `bun ${execFileSync('bun', ['--version'], { encoding: 'utf8' }).trim()}`
          : `node ${process.version}`;
    const checkpoints = [];
    for (let n = every; n < invokes; n += every) checkpoints.push(n);
    const result = await runSoak({
      bootstrap,
      launcher: hostLauncher(bootstrap),
      taskRoot: join(fixtures, engine === 'python' ? 'python/faults' : 'js/faults'),
      handler: 'soak.handler',
      invokes,
      concurrency: 4,
      checkpoints,
      onCheckpoint: (p) =>
        console.log(
          `${app}\t${p.invokes}\tRSS ${(p.rssBytes / 1024 / 1024).toFixed(1)} MB\t${(p.elapsedMs / 1000).toFixed(1)} s`,
        ),
    });
    console.log(
      `${app} (${version}): ${result.invokes} invokes, ${result.errors.length} errors, ` +
        `${result.invokesPerSecond} invokes/s, ${result.runtimeStarts} runtime process(es)` +
        (result.errors.length ? `\n  ${result.errors.join('\n  ')}` : ''),
    );
    if (result.errors.length > 0 || result.runtimeStarts !== 1) process.exitCode = 1;
  }
} finally {
  await rm(fixtures, { recursive: true, force: true });
}
