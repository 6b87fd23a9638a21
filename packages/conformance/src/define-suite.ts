import { join } from 'node:path';
import { describe, test } from 'node:test';
import { allCases } from './all-cases.ts';
import type { Engine } from './case-types.ts';
import { FIXTURES } from './fixtures-dir.ts';
import type { Launcher } from './launcher.ts';
import { runBootstrap } from './run-bootstrap.ts';
import { prepareSuite } from './suite-setup.ts';

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
    const suite = prepareSuite(options.requires, 'conformance-fixtures');
    if (!suite) return;
    for (const item of allCases) {
      if (options.filter && !options.filter.test(item.name)) continue;
      const ref = options.engine === 'python' ? item.python : item.js;
      if (!ref || 'notApplicable' in ref) continue;
      test(item.name, async () => {
        const result = await runBootstrap({
          launcher: options.launcher,
          taskRoot: join(suite.fixtures(), ref.fixture),
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
