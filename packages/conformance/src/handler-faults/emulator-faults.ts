import assert from 'node:assert/strict';
import { startEmulator } from '@lambda-engines/emulator';
import type { Engine, HandlerRef } from '../case-types.ts';
import type { Launcher } from '../launcher.ts';

export interface EmulatorFaultTarget {
  readonly bootstrap: string;
  readonly launcher: Launcher;
  readonly taskRoot: string;
  readonly handler: string;
}

/** A handler fault whose outcome only the Lambda service can give (a timeout, a dead process): run through the emulator. */
export interface EmulatorFaultCase {
  readonly name: string;
  readonly js: HandlerRef;
  readonly python?: HandlerRef | { readonly notApplicable: string };
  readonly expect: string;
  readonly run: (target: EmulatorFaultTarget, engine: Engine) => Promise<void>;
}

type Started = Awaited<ReturnType<typeof startEmulator>>;

async function withEmulator(
  target: EmulatorFaultTarget,
  timeoutSeconds: number,
  body: (emulator: Started, output: { text: string }) => Promise<void>,
): Promise<void> {
  const output = { text: '' };
  const emulator = await startEmulator({
    bootstrap: target.bootstrap,
    handler: target.handler,
    taskRoot: target.taskRoot,
    timeoutSeconds,
    // The app's launcher (host or docker) starts the bootstrap with the emulator's Lambda environment.
    launch: (env) => {
      const command = target.launcher({ env, taskRoot: target.taskRoot });
      return { command: command.command, args: [...command.args], env: { ...command.env } };
    },
    stdout: (line) => (output.text += `${line}\n`),
    stderr: (line) => (output.text += `${line}\n`),
    platformLog: (line) => (output.text += `${line}\n`),
  });
  try {
    await body(emulator, output);
  } finally {
    await emulator.close();
  }
}

function parse(body: Buffer): Record<string, unknown> {
  return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
}

export const emulatorFaults: EmulatorFaultCase[] = [
  {
    name: 'handler never settles: the function timeout ends it, the next invoke works (emulator)',
    js: { fixture: 'js/faults', handler: 'handler-faults.hangOrQuick' },
    python: { fixture: 'python/faults', handler: 'faults.hang_or_quick' },
    expect: 'caller gets Sandbox.Timedout after ~1 s, the next invoke is answered by a fresh runtime',
    run: (target) =>
      withEmulator(target, 1, async (emulator, output) => {
        const started = performance.now();
        const hung = await emulator.invoke(JSON.stringify({ hang: true }));
        const elapsed = performance.now() - started;
        assert.equal(hung.functionError, 'Unhandled', output.text);
        assert.equal(parse(hung.body).errorType, 'Sandbox.Timedout');
        assert.ok(elapsed >= 900 && elapsed < 5_000, `timed out after ${elapsed} ms`);
        const next = await emulator.invoke(JSON.stringify({ n: 2 }));
        assert.equal(next.functionError, undefined, `${next.body}\n${output.text}`);
        assert.deepEqual(parse(next.body), { ok: true, n: 2 });
      }),
  },
  {
    name: 'handler exits the process: Runtime.ExitError to the caller, the next invoke works (emulator)',
    js: { fixture: 'js/faults', handler: 'handler-faults.exitOrQuick' },
    python: { fixture: 'python/faults', handler: 'faults.exit_or_quick' },
    expect: 'caller gets Runtime.ExitError (exit status 3), the next invoke is answered',
    run: (target, engine) =>
      withEmulator(target, 3, async (emulator, output) => {
        const kinds = engine === 'python' ? ['sys', 'os'] : ['sys'];
        for (const kind of kinds) {
          const exited = await emulator.invoke(JSON.stringify({ exit: kind }));
          assert.equal(exited.functionError, 'Unhandled', output.text);
          const body = parse(exited.body);
          assert.equal(body.errorType, 'Runtime.ExitError');
          assert.match(String(body.errorMessage), /3/);
          const next = await emulator.invoke('{}');
          assert.equal(next.functionError, undefined, `${next.body}\n${output.text}`);
          assert.deepEqual(parse(next.body), { ok: true });
        }
      }),
  },
];
