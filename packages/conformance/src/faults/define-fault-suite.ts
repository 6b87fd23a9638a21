import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Engine } from '../case-types.ts';
import { emulatorFaults } from '../handler-faults/emulator-faults.ts';
import { handlerFaults } from '../handler-faults/handler-fault-cases.ts';
import type { Launcher } from '../launcher.ts';
import { defineSoakTests } from '../soak/soak-tests.ts';
import { prepareSuite } from '../suite-setup.ts';
import { commonChecks, type FaultCase } from './fault-case.ts';
import { fuzzNext } from './fuzz-next.ts';
import { runFault } from './run-fault.ts';
import { runtimeApiFaults } from './runtime-api-faults.ts';
import { shutdownFaults } from './shutdown-faults.ts';

export interface FaultSuiteOptions {
  /** Test names start with this, e.g. "node v20.20.2 (host)". */
  readonly label: string;
  readonly engine: Engine;
  readonly launcher: Launcher;
  /** The built bootstrap: it must exist, and the emulator-based cases start it (through `launcher`). */
  readonly requires?: string;
  /** Only run cases whose name matches. */
  readonly filter?: RegExp;
}

/** Every fault case, for tools that want the list (the report table). */
export const allFaultCases: readonly FaultCase[] = [...runtimeApiFaults, ...handlerFaults, ...shutdownFaults];

/**
 * Registers the fault suite: a misbehaving Runtime API, misbehaving handlers, SIGTERM, and (given
 * `requires`) the emulator-based cases (timeouts, exits), each with a bounded time and its outcome asserted.
 */
export function defineFaultSuite(options: FaultSuiteOptions): void {
  describe(`faults: ${options.label}`, () => {
    const suite = prepareSuite(options.requires, 'fault-fixtures');
    if (!suite) return;

    for (const item of allFaultCases) {
      if (options.filter && !options.filter.test(item.name)) continue;
      const ref = options.engine === 'python' ? item.python : item.js;
      if (!ref || 'notApplicable' in ref) continue;
      test(item.name, { timeout: item.maxMs + 15_000 }, async () => {
        const result = await runFault({
          launcher: options.launcher,
          taskRoot: join(suite.fixtures(), ref.fixture),
          handler: ref.handler,
          env: item.env,
          hook: item.hook,
          events: item.events,
          listenAfterMs: item.listenAfterMs,
          during: item.during,
          signal: item.signal,
          until: item.until,
          maxMs: item.maxMs,
        });
        commonChecks(result);
        item.check(result, options.engine);
      });
    }

    const fuzzRuns = Number(process.env.LAMBDA_ENGINES_FUZZ_RUNS ?? 12);
    if (fuzzRuns > 0 && (!options.filter || options.filter.test('fuzz'))) {
      test(
        `fuzz: ${fuzzRuns} random /next headers and bodies through the real process boundary`,
        { timeout: fuzzRuns * 10_000 },
        () =>
          fuzzNext({
            engine: options.engine,
            launcher: options.launcher,
            taskRoot: join(suite.fixtures(), options.engine === 'python' ? 'python/faults' : 'js/faults'),
            handler: options.engine === 'python' ? 'faults.echo' : 'index.echo',
            runs: fuzzRuns,
          }),
      );
    }

    const bootstrap = options.requires;
    if (bootstrap === undefined) return;
    if (!options.filter || options.filter.test('soak concurrent')) {
      defineSoakTests({
        engine: options.engine,
        bootstrap,
        launcher: options.launcher,
        taskRoot: () => join(suite.fixtures(), options.engine === 'python' ? 'python/faults' : 'js/faults'),
      });
    }
    for (const item of emulatorFaults) {
      if (options.filter && !options.filter.test(item.name)) continue;
      const ref = options.engine === 'python' ? item.python : item.js;
      if (!ref || 'notApplicable' in ref) continue;
      test(item.name, { timeout: 60_000 }, async () => {
        await item.run(
          {
            bootstrap,
            launcher: options.launcher,
            taskRoot: join(suite.fixtures(), ref.fixture),
            handler: ref.handler,
          },
          options.engine,
        );
      });
    }
  });
}
