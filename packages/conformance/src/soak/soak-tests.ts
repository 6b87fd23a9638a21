import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEmulator } from '@lambda-engines/emulator';
import type { Engine } from '../case-types.ts';
import type { Launcher } from '../launcher.ts';
import { runSoak, soakInvokes } from './run-soak.ts';

export interface SoakTestOptions {
  readonly engine: Engine;
  readonly bootstrap: string;
  readonly launcher: Launcher;
  /** Resolves the fixtures copy (made in the suite's `before`). */
  readonly taskRoot: () => string;
}

const MB = 1024 * 1024;

/**
 * The soak (`LAMBDA_ENGINES_SOAK_INVOKES`, default 5,000; `scripts/soak.ts` runs 100,000) and the
 * emulator under concurrent invokes, registered inside the fault suite.
 */
export function defineSoakTests(options: SoakTestOptions): void {
  const invokes = soakInvokes();
  test(`soak: ${invokes} invokes in one runtime process through the emulator, none lost, RSS flat`, {
    timeout: 120_000,
  }, async (t) => {
    const result = await runSoak({
      bootstrap: options.bootstrap,
      launcher: options.launcher,
      taskRoot: options.taskRoot(),
      handler: 'soak.handler',
      invokes,
      concurrency: 4,
      checkpoints: [Math.min(1_000, Math.floor(invokes / 5))],
    });
    const rss = result.checkpoints.map((p) => `${p.invokes}: ${(p.rssBytes / MB).toFixed(1)} MB`).join(', ');
    t.diagnostic(`${options.engine}: ${result.invokesPerSecond} invokes/s; RSS ${rss}`);
    assert.deepEqual(result.errors, []);
    assert.equal(result.runtimeStarts, 1, 'one runtime process served every invoke (no crash, no restart)');
    // Flat: after warm-up, growth stays small (a leak of even 1 KB per invoke would show at 5,000).
    const warm = result.checkpoints[1]!;
    const last = result.checkpoints.at(-1)!;
    assert.ok(
      last.rssBytes - warm.rssBytes < 24 * MB,
      `RSS grew ${((last.rssBytes - warm.rssBytes) / MB).toFixed(1)} MB: ${rss}`,
    );
  });

  test('the emulator under 200 concurrent invokes: each answered once, with its own result, one at a time', {
    timeout: 60_000,
  }, async () => {
    let starts = 0;
    const emulator = await startEmulator({
      bootstrap: options.bootstrap,
      handler: 'soak.handler',
      taskRoot: options.taskRoot(),
      timeoutSeconds: 30,
      launch: (env) => {
        starts += 1;
        const command = options.launcher({ env, taskRoot: options.taskRoot() });
        return { command: command.command, args: [...command.args], env: { ...command.env } };
      },
      stdout: 'ignore',
      stderr: 'ignore',
    });
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, id) => emulator.invoke(JSON.stringify({ id, delayMs: 2 }))),
      );
      results.forEach((result, id) => {
        assert.equal(result.statusCode, 200);
        assert.equal(result.functionError, undefined, result.body.toString());
        assert.deepEqual(JSON.parse(result.body.toString('utf8')), { id });
      });
      const stats = await emulator.invoke(JSON.stringify({ rss: true }));
      // The emulator queues concurrent invokes and hands them to its runtime one at a time, as Lambda does.
      assert.equal(JSON.parse(stats.body.toString('utf8')).maxInFlight, 1);
      assert.equal(starts, 1);
    } finally {
      await emulator.close();
    }
  });
}
