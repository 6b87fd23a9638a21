import { type ImportModule, loadHandler } from '@lambda-engines/handler-loader';
import type { Connector, RuntimeApiTransport } from '@lambda-engines/runtime-api';
import { createTransport, RuntimeApiError, toRuntimeErrorBody } from '@lambda-engines/runtime-api';
import { installAwslambdaGlobal } from './awslambda-global.ts';
import { beforeExit } from './before-exit.ts';
import { UnhandledPromiseRejectionError } from './errors.ts';
import { asLambdaHandler } from './fetch-handler.ts';
import { flushOutput } from './flush-output.ts';
import { type HandlerFunction, handlerKind } from './handler-kind.ts';
import { readFunctionEnvironment } from './invoke-context.ts';
import { patchConsole } from './log-patch.ts';
import { RuntimeLoop } from './runtime-loop.ts';
import { installShutdown } from './shutdown.ts';
import { TraceIdEnv, type TraceIdSetterLoader } from './trace-id-env.ts';

export interface RunOptions {
  /** Defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Defaults to the lean socket transport to `AWS_LAMBDA_RUNTIME_API`. */
  readonly transport?: RuntimeApiTransport;
  /** How the socket transport connects (default `node:net`); an engine app may give a faster one. */
  readonly connector?: Connector;
  /** A handler function to run instead of loading `_HANDLER` from `LAMBDA_TASK_ROOT`. */
  readonly handler?: HandlerFunction;
  /**
   * Loads a setter of `_X_AMZN_TRACE_ID` that reuses its memory (the Node app's putenv() addon), called
   * once after the first 100 invocations. Without one, or if it finds none, `process.env` is assigned.
   */
  readonly loadTraceIdSetter?: TraceIdSetterLoader;
  /**
   * Imports an ES module handler by its file URL (default: `import()` in the handler loader). The Node app
   * passes its bootstrap's, because it runs the runtime through `vm.Script`, where `import()` fails.
   */
  readonly importModule?: ImportModule;
}

const EXIT_UNCAUGHT_EXCEPTION = 129;
const EXIT_UNHANDLED_REJECTION = 128;
const EXIT_RUNTIME_API_FAILURE = 1;

/**
 * The bootstrap's whole job: patch the console, load the handler (reporting an init error and exiting
 * if that fails), then loop on the Runtime API until Lambda freezes or ends the process.
 */
export async function run(options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const structured = patchConsole(env);
  beforeExit.install();
  installAwslambdaGlobal();
  installShutdown(env);
  const address = env.AWS_LAMBDA_RUNTIME_API ?? '';
  const connector = options.connector;
  const transport = options.transport ?? createTransport({ address, connector });
  // The TCP connection opens while the handler loads (its imports wait on file reads): it is ready
  // when the first /next goes out. Nothing is sent before init is over.
  transport.preconnect?.();
  let loop: RuntimeLoop | undefined;

  // Crash reports go over a connection of their own: the loop's may be mid-request.
  const reportAndExit = (error: unknown, exitCode: number): void => {
    loop?.stop();
    const reporter = createTransport({ address, connector });
    const body = toRuntimeErrorBody(error);
    const requestId = loop?.currentRequestId;
    const post =
      requestId === undefined ? reporter.postInitError(body) : reporter.postInvocationError(requestId, body);
    post.then(
      () => flushOutput().then(() => process.exit(exitCode)),
      (postError: unknown) => {
        process.stderr.write(`lambda-engines: could not report the error: ${describe(postError)}\n`);
        void flushOutput().then(() => process.exit(exitCode));
      },
    );
  };

  process.on('uncaughtException', (error) => {
    structured.logError('Uncaught Exception', error);
    reportAndExit(error, EXIT_UNCAUGHT_EXCEPTION);
  });
  process.on('unhandledRejection', (reason) => {
    const error = new UnhandledPromiseRejectionError(reason);
    structured.logError('Unhandled Promise Rejection', error);
    reportAndExit(error, EXIT_UNHANDLED_REJECTION);
  });

  let handler: HandlerFunction;
  try {
    handler = options.handler ?? (await loadUserHandler(env, options.importModule));
  } catch (error) {
    structured.logError('Uncaught Exception', error);
    reportAndExit(error, EXIT_UNCAUGHT_EXCEPTION);
    return;
  }

  const kind = handlerKind(handler);
  if (kind.usesCallback) {
    console.warn(
      'Callback-based handlers (event, context, callback) are deprecated: AWS removed them from the nodejs24.x runtime. lambda-engines still runs them; consider an async handler.',
    );
  }
  loop = new RuntimeLoop({
    transport,
    address,
    handler,
    kind,
    functionEnvironment: readFunctionEnvironment(env),
    traceIdEnv: new TraceIdEnv(options.loadTraceIdSetter),
    console: structured,
    fatal: (error) => {
      loop?.stop();
      process.stderr.write(`lambda-engines: ${describe(error)}\n`);
      void flushOutput().then(() => process.exit(EXIT_RUNTIME_API_FAILURE));
    },
  });
  loop.start();
}

async function loadUserHandler(
  env: NodeJS.ProcessEnv,
  importModule: ImportModule | undefined,
): Promise<HandlerFunction> {
  const loaded = await loadHandler({
    taskRoot: env.LAMBDA_TASK_ROOT ?? process.cwd(),
    handler: env._HANDLER ?? '',
    importModule,
  });
  return asLambdaHandler(loaded.handler, env);
}

function describe(error: unknown): string {
  if (error instanceof RuntimeApiError) return `${error.name} (${error.code}): ${error.message}`;
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
