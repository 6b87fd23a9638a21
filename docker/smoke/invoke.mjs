// One smoke invocation of an engine image: a tiny Runtime API on 127.0.0.1 (port 0) serves one
// event to the bootstrap inside `docker run --network host`, prints what the bootstrap posted and
// checks it. Exit code 0 when the response is right.
//
//   node docker/smoke/invoke.mjs IMAGE EXPECTED_ENGINE_PREFIX [entrypoint|compile-cache|launcher] [TASK_ROOT]
//
// entrypoint: the image as Lambda starts it (its ENTRYPOINT + CMD ["index.handler"], its USER).
// compile-cache: the same, with the runtime's compile-cache log on (LAMBDA_ENGINES_COMPILE_CACHE=log): it
//             must accept the cache the image build primed for /var/runtime/runtime.cjs (Node images).
// launcher:   as packages/conformance's dockerLauncher(image) starts it: --entrypoint
//             /var/runtime/bootstrap, TASK_ROOT mounted read-only on /var/task, env via -e NAME.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';

const [image, expectedEngine, mode = 'entrypoint', taskRoot] = process.argv.slice(2);
if (!image || !expectedEngine || (mode === 'launcher' && !taskRoot)) {
  console.error(
    'usage: invoke.mjs IMAGE EXPECTED_ENGINE_PREFIX [entrypoint|compile-cache|launcher] [TASK_ROOT]',
  );
  process.exit(2);
}
const requestId = randomUUID();
const container = `lambda-engines-smoke-${process.pid}-${Date.now()}`;
const held = new Set();
let served = false;
let settle;
const outcome = new Promise((resolve) => {
  settle = resolve;
});

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '';
    if (req.method === 'GET' && path === '/2018-06-01/runtime/invocation/next') {
      if (served) {
        held.add(res); // the loop came back for more: hold it, as Lambda does between invokes
        return;
      }
      served = true;
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Lambda-Runtime-Aws-Request-Id': requestId,
        'Lambda-Runtime-Deadline-Ms': String(Date.now() + 30_000),
        'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:123456789012:function:smoke',
        'Lambda-Runtime-Trace-Id':
          'Root=1-6747a000-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1',
      });
      res.end(JSON.stringify({ name: 'smoke' }));
      return;
    }
    res.writeHead(202, { 'Content-Type': 'application/json' });
    res.end('{"status":"OK"}');
    if (req.method === 'POST') settle({ path, body });
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = `127.0.0.1:${server.address().port}`;

const env = {
  AWS_LAMBDA_RUNTIME_API: address,
  AWS_LAMBDA_FUNCTION_NAME: 'smoke',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
};
const args = ['run', '--rm', '--name', container, '--network', 'host'];
if (mode === 'compile-cache') env.LAMBDA_ENGINES_COMPILE_CACHE = 'log';
if (mode === 'launcher') {
  Object.assign(env, {
    _HANDLER: 'index.handler',
    LAMBDA_TASK_ROOT: '/var/task',
    LAMBDA_RUNTIME_DIR: '/var/runtime',
  });
  args.push('-i', '-v', `${taskRoot}:/var/task:ro`);
}
for (const name of Object.keys(env)) args.push('-e', name);
if (mode === 'launcher') args.push('--entrypoint', '/var/runtime/bootstrap', image);
else args.push(image); // CMD ["index.handler"] from the image

const started = performance.now();
const child = spawn('docker', args, {
  env: { PATH: process.env.PATH ?? '', ...env },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let logs = '';
child.stdout.setEncoding('utf8').on('data', (text) => (logs += text));
child.stderr.setEncoding('utf8').on('data', (text) => (logs += text));
const exited = new Promise((resolve) => child.on('exit', (code) => resolve({ exit: code })));
const timer = setTimeout(() => settle({ timeout: true }), 60_000);
const result = await Promise.race([outcome, exited]);
const ms = Math.round(performance.now() - started);
clearTimeout(timer);

spawnSync('docker', ['kill', container], { stdio: 'ignore' });
await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
for (const res of held) res.destroy();
server.closeAllConnections?.();
server.close();

const problems = [];
let response;
if (result.timeout) problems.push('no answer within 60 s');
else if (result.exit !== undefined) problems.push(`container exited (${result.exit}) before answering`);
else if (result.path !== `/2018-06-01/runtime/invocation/${requestId}/response`)
  problems.push(`posted to ${result.path}: ${result.body}`);
else {
  try {
    response = JSON.parse(result.body);
  } catch {
    problems.push(`response is not JSON: ${result.body}`);
  }
  if (response) {
    if (response.message !== 'Hello, smoke!') problems.push(`message: ${response.message}`);
    if (response.requestId !== requestId) problems.push(`requestId: ${response.requestId}`);
    if (response.remainingMs !== true) problems.push('getRemainingTimeInMillis() was not > 0');
    if (!String(response.engine).startsWith(expectedEngine))
      problems.push(`engine: ${response.engine}, expected ${expectedEngine}`);
  }
}
if (response && !logs.includes('hello from smoke'))
  problems.push('the function log line is missing from the container output');
const cacheAccepted = 'lambda-engines: compile cache for /var/runtime/runtime.cjs: accepted';
if (mode === 'compile-cache' && !logs.includes(cacheAccepted))
  problems.push(`the runtime did not use the primed compile cache (no '${cacheAccepted}' in its log)`);

const label = `${image} [${mode}]`;
if (problems.length === 0) {
  console.log(`ok   ${label}: ${result.body} (${ms} ms from docker run to response)`);
} else {
  console.log(`FAIL ${label}: ${problems.join('; ')}`);
  if (logs) console.log(logs.trimEnd().replace(/^/gm, '     | '));
  process.exitCode = 1;
}
