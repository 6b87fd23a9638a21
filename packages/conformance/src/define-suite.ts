import { existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { allCases } from './all-cases.ts';
import type { Engine } from './case-types.ts';
import { FIXTURES } from './fixtures-dir.ts';
import type { Launcher } from './launcher.ts';
import { runBootstrap } from './run-bootstrap.ts';

export { FIXTURES };

export interface SuiteOptions {
  /** Test names start with this, e.g. "node" or "node image al2023". */
  readonly label: string;
  readonly engine: Engine;
  readonly launcher: Launcher;
  /** A file that must exist (the built bootstrap); the suite fails loudly if it does not. */
  readonly requires?: string;
  /** Only run cases whose name matches. */
  readonly filter?: RegExp;
}

/** Registers one node:test test per case, run through the real process boundary. */
export function defineConformanceSuite(options: SuiteOptions): void {
  describe(`conformance: ${options.label}`, () => {
    if (options.requires && !existsSync(options.requires)) {
      test('bootstrap is built', () => {
        throw new Error(`${options.requires} does not exist: run \`pnpm build\` first`);
      });
      return;
    }
    // The fixtures run from a copy outside this package, whose package.json says "type": "module":
    // a function's folder must decide its own module format, as it does in /var/task.
    let fixtures = '';
    before(async () => {
      fixtures = await mkdtemp(join(tmpdir(), 'conformance-fixtures-'));
      await cp(FIXTURES, fixtures, { recursive: true });
      // Readable by an image's non-root user when mounted as /var/task (mkdtemp makes it 0700).
      await chmod(fixtures, 0o755);
    });
    after(() => rm(fixtures, { recursive: true, force: true }));
    for (const item of allCases) {
      if (options.filter && !options.filter.test(item.name)) continue;
      const ref = options.engine === 'python' ? item.python : item.js;
      if (!ref || 'notApplicable' in ref) continue;
      test(item.name, async () => {
        const result = await runBootstrap({
          launcher: options.launcher,
          taskRoot: join(fixtures, ref.fixture),
          handler: ref.handler,
          env: item.env,
          events: item.events,
          waitForExit: item.waitForExit,
          waitMs: item.waitMs,
        });
        item.check(result, options.engine);
      });
    }
  });
}
