// The Bun peer (fixtures/loops/bun-fetch-loop.ts) against a real loopback Runtime API: it must do what
// Bun's layer runtime does (a Request for every event, the x-amzn-* headers, the text of the Response
// posted as the result, Bun.<type> init errors). Skipped when bun is not on PATH.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const loop = fileURLToPath(new URL('../fixtures/loops/bun-fetch-loop.ts', import.meta.url));
const taskFetch = fileURLToPath(new URL('../fixtures/task-fetch', import.meta.url));
const hasBun = spawnSync('bun', ['--version'], { stdio: 'ignore' }).status === 0;

interface Posted {
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

let server: Server;
let address: string;
let event: unknown = {};
let posted: (p: Posted) => void = () => {};
const children: ChildProcess[] = [];
const probeRoot = mkdtempSync(join(tmpdir(), 'bench-layer-'));

before(async () => {
  // A handler written for the layer that reports what it was given.
  writeFileSync(
    join(probeRoot, 'probe.mjs'),
    `export const probe = async (request, server) => Response.json({
      method: request.method, url: request.url, headers: Object.fromEntries(request.headers),
      body: await request.json(), aws: request.aws, server: server.hostname });
    export const notAFunction = 42;\n`,
  );
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === '/2018-06-01/runtime/invocation/next') {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Lambda-Runtime-Aws-Request-Id': 'req-1',
        'Lambda-Runtime-Deadline-Ms': String(Date.now() + 60_000),
        'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:123456789012:function:f',
        'Lambda-Runtime-Trace-Id': 'Root=1-2-3',
      });
      res.end(JSON.stringify(event));
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"OK"}');
      posted({ url: req.url ?? '', headers: req.headers, body });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(probeRoot, { recursive: true, force: true });
});

function run(handler: string, taskRoot: string): { child: ChildProcess; first: Promise<Posted> } {
  const first = new Promise<Posted>((resolve) => (posted = resolve));
  const child = spawn('bun', ['--cwd', taskRoot, loop], {
    env: {
      PATH: process.env.PATH,
      AWS_LAMBDA_RUNTIME_API: address,
      _HANDLER: handler,
      LAMBDA_TASK_ROOT: taskRoot,
    },
    stdio: 'ignore',
  });
  children.push(child);
  return { child, first };
}

const stop = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }
};

test('a plain event reaches a layer handler as a POST Request; the Response text is the result', {
  skip: !hasBun,
}, async () => {
  event = { key1: 'value1' };
  const { child, first } = run('probe.probe', probeRoot);
  const result = await first;
  await stop(child);
  assert.equal(result.url, '/2018-06-01/runtime/invocation/req-1/response');
  // The layer sets no Content-Type on the result (and Bun 1.4's fetch adds none for a string body).
  assert.equal(result.headers['content-type'], undefined);
  const seen = JSON.parse(result.body);
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, 'https://lambda/');
  assert.equal(seen.headers['content-type'], 'application/json;charset=utf-8');
  assert.equal(seen.headers['x-amzn-requestid'], 'req-1');
  assert.equal(seen.headers['x-amzn-trace-id'], 'Root=1-2-3');
  assert.equal(seen.headers['x-amzn-function-arn'], 'arn:aws:lambda:us-east-1:123456789012:function:f');
  assert.match(seen.headers['x-amzn-deadline-ms'], /^\d+$/);
  // The body is the whole invocation record; the raw event rides along as request.aws.
  assert.deepEqual(seen.body.event, event);
  assert.equal(seen.body.requestId, 'req-1');
  assert.deepEqual(seen.aws, event);
  assert.equal(seen.server, 'lambda', 'the handler gets the fetch-style server object');
});

test('the suite task functions run through fixtures/task-fetch (echo returns the event)', {
  skip: !hasBun,
}, async () => {
  event = { key1: 'value1', key2: [1, 2] };
  const { child, first } = run('handlers.echo', taskFetch);
  const result = await first;
  await stop(child);
  assert.deepEqual(JSON.parse(result.body), event);
});

test('an API Gateway v2 event becomes the HTTP request; the result is an API Gateway response', {
  skip: !hasBun,
}, async () => {
  event = {
    version: '2.0',
    requestContext: { domainName: 'example.com', http: { method: 'PUT', path: '/a/b' } },
    headers: { 'x-forwarded-proto': 'https', 'content-type': 'application/json' },
    queryStringParameters: { q: '1' },
    body: '{"x":1}',
    isBase64Encoded: false,
  };
  const { child, first } = run('probe.probe', probeRoot);
  const result = await first;
  await stop(child);
  const response = JSON.parse(result.body);
  assert.equal(response.statusCode, 200);
  assert.equal(response.isBase64Encoded, false);
  const seen = JSON.parse(response.body);
  assert.equal(seen.method, 'PUT');
  assert.equal(seen.url, 'https://example.com/a/b?q=1');
  assert.deepEqual(seen.body, { x: 1 });
});

test('a handler export that is a number: Bun.MethodDoesNotExist (as the layer says) to init/error, exit 1', {
  skip: !hasBun,
}, async () => {
  event = {};
  const { child, first } = run('probe.notAFunction', probeRoot);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const result = await first;
  assert.equal(await exited, 1);
  assert.equal(result.url, '/2018-06-01/runtime/init/error');
  assert.equal(result.headers['lambda-runtime-function-error-type'], 'Bun.MethodDoesNotExist');
  assert.equal(result.headers['content-type'], 'application/vnd.aws.lambda.error+json');
  assert.equal(JSON.parse(result.body).errorType, 'Error');
});
