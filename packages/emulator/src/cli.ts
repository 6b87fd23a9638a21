#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { appBootstrap, resolveUserPath } from './app-bootstrap.ts';
import { startEmulator } from './emulator.ts';
import { EmulatorError, InvalidOptionError } from './errors.ts';
import { parseErrorBody } from './invocation.ts';
import type { EmulatorOptions } from './options.ts';

const HELP = `Usage: lambda-emulator <invoke|serve> [options]

A local Lambda for one function: runs a bootstrap against a Runtime API and serves
AWS RIE's invoke endpoint, POST /2015-03-31/functions/function/invocations.

Commands:
  invoke                  invoke once: the response body goes to stdout, logs and
                          errors to stderr; exit status 1 on a function error
  serve                   keep serving invokes (for curl scripts written for RIE)

Options:
  --app <name>            the workspace's apps/<name>/dist/bootstrap (node, bun, python311)
  --bootstrap <path>      an executable bootstrap (instead of --app)
  --handler <handler>     the handler, e.g. index.handler (required)
  --task-root <dir>       the function's code, LAMBDA_TASK_ROOT (default: current directory)
  --event <json>          invoke: the event (default: stdin when piped, else {})
  --event-file <file>     invoke: read the event from a file
  --timeout <seconds>     function timeout (default 3)
  --memory <mb>           memory size (default 128)
  --env <K=V>             a function environment variable (repeatable)
  --function-name <name>  function name (default "function")
  --region <region>       AWS region (default us-east-1)
  --port <port>           serve: port (default 9000; 0 picks a free one)
  --host <address>        serve: address to bind (default 127.0.0.1)
  -h, --help              show this help

Examples:
  lambda-emulator invoke --app node --handler index.handler --task-root apps/node/sample --event '{"name":"world"}'
  lambda-emulator serve --bootstrap ./bootstrap --handler index.handler --port 9000
  curl -d '{}' http://127.0.0.1:9000/2015-03-31/functions/function/invocations
`;

const OPTIONS = {
  app: { type: 'string' },
  bootstrap: { type: 'string' },
  handler: { type: 'string' },
  'task-root': { type: 'string' },
  event: { type: 'string' },
  'event-file': { type: 'string' },
  timeout: { type: 'string' },
  memory: { type: 'string' },
  env: { type: 'string', multiple: true },
  'function-name': { type: 'string' },
  region: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new InvalidOptionError((cause as Error).message, { cause });
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [command, ...extra] = positionals;
  if (command !== 'invoke' && command !== 'serve') {
    throw new InvalidOptionError(
      command ? `unknown command: ${command}` : 'missing command: invoke or serve',
    );
  }
  if (extra.length > 0) throw new InvalidOptionError(`unexpected argument: ${extra[0]}`);
  return command === 'invoke' ? invoke(values) : serve(values);
}

function emulatorOptions(values: Values): EmulatorOptions {
  const cwd = process.cwd();
  if (values.app && values.bootstrap) throw new InvalidOptionError('give --app or --bootstrap, not both');
  if (!values.app && !values.bootstrap)
    throw new InvalidOptionError('--app <name> or --bootstrap <path> is required');
  if (!values.handler) throw new InvalidOptionError('--handler is required');
  const bootstrap = values.app ? appBootstrap(values.app, cwd) : resolveUserPath(values.bootstrap!, cwd);
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new InvalidOptionError(`--env expects K=V, got ${pair}`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const options: EmulatorOptions = {
    bootstrap,
    handler: values.handler,
    taskRoot: values['task-root'] ? resolveUserPath(values['task-root'], cwd) : cwd,
    env,
  };
  if (values.timeout !== undefined) options.timeoutSeconds = number(values.timeout, '--timeout');
  if (values.memory !== undefined) options.memoryMb = number(values.memory, '--memory');
  if (values['function-name'] !== undefined) options.functionName = values['function-name'];
  if (values.region !== undefined) options.region = values.region;
  return options;
}

function number(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InvalidOptionError(`${flag} expects a number`);
  return value;
}

async function readEvent(values: Values): Promise<Buffer> {
  if (values.event !== undefined && values['event-file'] !== undefined) {
    throw new InvalidOptionError('give --event or --event-file, not both');
  }
  if (values.event !== undefined) return Buffer.from(values.event);
  if (values['event-file'] !== undefined)
    return readFileSync(resolveUserPath(values['event-file'], process.cwd()));
  if (process.stdin.isTTY) return Buffer.from('{}');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const stdin = Buffer.concat(chunks);
  return stdin.length > 0 ? stdin : Buffer.from('{}');
}

async function invoke(values: Values): Promise<number> {
  if (values.port !== undefined || values.host !== undefined) {
    throw new InvalidOptionError('--port and --host are for serve');
  }
  const event = await readEvent(values);
  const toStderr = (line: string) => process.stderr.write(`${line}\n`);
  // stdout carries only the response body: the function's own output goes to stderr.
  const emulator = await startEmulator({
    ...emulatorOptions(values),
    stdout: toStderr,
    stderr: toStderr,
    platformLog: toStderr,
  });
  try {
    const result = await emulator.invoke(event);
    await new Promise<void>((done) => process.stdout.write(result.body, () => done()));
    // On a terminal, end the body's line so the prompt (or an error) starts on a new one.
    if (process.stdout.isTTY && result.body.length > 0 && result.body.at(-1) !== 0x0a)
      process.stdout.write('\n');
    if (result.statusCode !== 200) {
      process.stderr.write(`lambda-emulator: HTTP ${result.statusCode}\n`);
      return 1;
    }
    if (result.functionError) {
      const errorBody = result.trailers['lambda-runtime-function-error-body'];
      const error = parseErrorBody(errorBody ? Buffer.from(errorBody, 'base64') : result.body);
      process.stderr.write(
        `lambda-emulator: function error (${result.functionError}): ${error.errorType}: ${error.errorMessage}\n`,
      );
      return 1;
    }
    return 0;
  } finally {
    await emulator.close();
  }
}

async function serve(values: Values): Promise<number> {
  if (values.event !== undefined || values['event-file'] !== undefined) {
    throw new InvalidOptionError('--event and --event-file are for invoke');
  }
  const options = emulatorOptions(values);
  const emulator = await startEmulator({
    ...options,
    host: values.host ?? '127.0.0.1',
    port: values.port === undefined ? 9000 : number(values.port, '--port'),
    platformLog: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    `lambda-emulator: serving ${options.bootstrap} (handler ${options.handler})\n` +
      `  invoke:      curl -d '{}' ${emulator.url}/2015-03-31/functions/function/invocations\n` +
      `  runtime API: ${emulator.runtimeApiAddress}\n`,
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await emulator.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof InvalidOptionError) {
      process.stderr.write(`lambda-emulator: ${error.message}\nRun lambda-emulator --help for usage.\n`);
      process.exitCode = 2;
    } else if (error instanceof EmulatorError) {
      process.stderr.write(`lambda-emulator: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(
        `lambda-emulator: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
      );
      process.exitCode = 1;
    }
  },
);
