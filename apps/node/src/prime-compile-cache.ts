// Primes the runtime's compile cache (dist/compile-cache, next to dist/bootstrap): runs the bootstrap once
// against a Runtime API on loopback that serves one invocation of a hello handler, then stops it with
// SIGTERM (Lambda's shutdown). The bootstrap, told to by LAMBDA_ENGINES_COMPILE_CACHE=write, saves V8's
// code for runtime.cjs as it exits: the bytecode of every function that invocation ran.
//
// Run it with the Node the image ships (V8 accepts the cache only from the same V8 version and flags):
// the Dockerfiles do. `node dist/prime-compile-cache.cjs` on the host primes it for that Node.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIME_LIMIT_MS = 30_000;
const REQUEST_ID = 'prime-compile-cache';

class PrimeError extends Error {
  readonly code = 'ERR_PRIME_COMPILE_CACHE' as const;
  override name = 'PrimeError';
}

/** Where dist/bootstrap reads and writes the cache for this Node (the same name as in bootstrap.cjs). */
function cacheFile(): string {
  return join(__dirname, 'compile-cache', `runtime-${process.version}-${process.arch}.bin`);
}

function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/** Answers the first /next with the invocation; every POST is passed to `onPost` with its path. */
function serveOneInvocation(onPost: (path: string) => void) {
  let served = false;
  return (request: IncomingMessage, response: ServerResponse): void => {
    request.resume();
    if (request.method === 'GET' && request.url?.endsWith('/invocation/next') && !served) {
      served = true;
      const body = JSON.stringify({ name: 'compile cache' });
      response.writeHead(200, {
        'Content-Type': 'application/json',
        'Lambda-Runtime-Aws-Request-Id': REQUEST_ID,
        'Lambda-Runtime-Deadline-Ms': String(Date.now() + TIME_LIMIT_MS),
        'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:000000000000:function:prime',
        'Lambda-Runtime-Trace-Id': 'Root=1-00000000-000000000000000000000000;Sampled=0',
      });
      response.end(body);
      return;
    }
    if (request.method === 'GET') return; // The next /next waits: the runtime is stopped first.
    request.on('end', () => {
      response.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"OK"}');
      onPost(request.url ?? '');
    });
  };
}

async function prime(): Promise<void> {
  const file = cacheFile();
  const taskRoot = mkdtempSync(join(tmpdir(), 'prime-compile-cache-'));
  writeFileSync(
    join(taskRoot, 'index.mjs'),
    'export const handler = async (event) => ({ hello: event.name });\n',
  );
  let child: ReturnType<typeof spawn> | undefined;
  let posted = '';
  const server = createServer(
    serveOneInvocation((path) => {
      posted = path;
      child?.kill('SIGTERM');
    }),
  );
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const runtime = spawn(process.execPath, [join(__dirname, 'bootstrap')], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`,
        _HANDLER: 'index.handler',
        LAMBDA_TASK_ROOT: taskRoot,
        AWS_LAMBDA_FUNCTION_NAME: 'prime',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
        LAMBDA_ENGINES_COMPILE_CACHE: 'write',
      },
    });
    child = runtime;
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        runtime.kill('SIGKILL');
        reject(new PrimeError(`The runtime did not answer one invocation within ${TIME_LIMIT_MS} ms.`));
      }, TIME_LIMIT_MS);
      runtime.once('error', reject);
      runtime.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    if (posted === '')
      throw new PrimeError(`The runtime exited with ${code} before answering the invocation.`);
    if (posted !== `/2018-06-01/runtime/invocation/${REQUEST_ID}/response`) {
      throw new PrimeError(`The runtime posted to '${posted}' instead of the invocation's response.`);
    }
    if (code !== 0) throw new PrimeError(`The runtime exited with ${code} instead of 0 after SIGTERM.`);
  } finally {
    server.close();
    rmSync(taskRoot, { recursive: true, force: true });
  }
  const bytes = sizeOf(file);
  if (bytes === undefined)
    throw new PrimeError(`The runtime wrote no compile cache to ${file}: is it writable?`);
  process.stdout.write(`compile cache: ${bytes} bytes in ${file} (Node ${process.version})\n`);
}

prime().catch((error: unknown) => {
  process.stderr.write(`prime-compile-cache: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
