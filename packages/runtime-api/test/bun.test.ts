import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type FakeApi, startApi } from './helpers.ts';

const script = fileURLToPath(new URL('./fixtures/bun-client.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

// Deterministic 6 MB event, served chunked.
const big = Buffer.alloc(6 * 1024 * 1024);
for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 10)) & 0xff;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const small = Buffer.from('{"first":true}');
const third = Buffer.from(JSON.stringify({ third: 'Zoë' }));

function run(
  engine: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(engine, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

for (const engine of ['bun', 'node']) {
  for (const kind of ['socket', 'undici']) {
    describe(`${engine} runs the built ${kind} transport`, () => {
      let api: FakeApi;
      before(async () => {
        assert.ok(existsSync(dist), 'dist/index.js is missing: run `pnpm build` first');
        let n = 0;
        api = await startApi((req, res) => {
          if (req.url.endsWith('/next')) {
            n++;
            if (n === 1) {
              res.writeHead(200, {
                'Lambda-Runtime-Aws-Request-Id': 'one',
                'Lambda-Runtime-Deadline-Ms': '1700000000123',
                'Content-Length': small.length,
              });
              res.end(small);
            } else if (n === 2) {
              res.writeHead(200, {
                'Lambda-Runtime-Aws-Request-Id': 'two',
                'Lambda-Runtime-Trace-Id': 'Root=1-abc',
              });
              for (let o = 0; o < big.length; o += 65_000) res.write(big.subarray(o, o + 65_000));
              res.end();
            } else if (n === 3) {
              res.writeHead(200, {
                'Lambda-Runtime-Aws-Request-Id': 'three',
                'Lambda-Runtime-Client-Context': Buffer.from('{"custom":{"who":"Zoë"}}').toString('latin1'),
                'Content-Length': third.length,
              });
              res.end(third);
            } else {
              res.writeHead(403, { 'Content-Type': 'application/json' });
              res.end('{"errorType":"InvalidStateTransition","errorMessage":"init error already reported"}');
            }
            return;
          }
          res.writeHead(202);
          res.end('{"status":"OK"}');
        });
      });
      after(() => api.close());

      test('invoke loop, chunked 6 MB event, error posts, status error', async () => {
        const { code, stdout, stderr } = await run(engine, [script, api.address, kind]);
        assert.equal(code, 0, stderr);
        const result = JSON.parse(stdout);
        assert.equal(result.engine, engine);
        assert.deepEqual(
          result.seen,
          [
            {
              requestId: 'one',
              deadlineMs: 1700000000123,
              clientContext: undefined,
              traceId: null,
              size: small.length,
            },
            {
              requestId: 'two',
              deadlineMs: 0,
              clientContext: undefined,
              traceId: 'Root=1-abc',
              size: big.length,
            },
            {
              requestId: 'three',
              deadlineMs: 0,
              clientContext: { custom: { who: 'Zoë' } },
              traceId: null,
              size: third.length,
            },
          ].map((s) => JSON.parse(JSON.stringify(s))),
        );
        assert.deepEqual(result.digests, [sha(small), sha(big), sha(third)]);
        assert.deepEqual(result.status, {
          name: 'RuntimeApiStatusError',
          code: 'ERR_RUNTIME_API_STATUS',
          statusCode: 403,
          isBase: true,
        });
        const posts = api.requests.filter((r) => r.method === 'POST');
        assert.deepEqual(
          posts.map((r) => r.url),
          [
            '/2018-06-01/runtime/invocation/one/response',
            '/2018-06-01/runtime/invocation/two/error',
            '/2018-06-01/runtime/invocation/three/response',
            '/2018-06-01/runtime/init/error',
          ],
        );
        assert.equal(JSON.parse(posts[0]!.body.toString()).digest, sha(small));
        assert.equal(posts[1]!.headers['lambda-runtime-function-error-type'], 'TypeError');
        assert.equal(JSON.parse(posts[1]!.body.toString()).errorMessage, sha(big));
        assert.equal(posts[3]!.headers['lambda-runtime-function-error-type'], 'Error');
        assert.equal(api.connections(), 1);
      });
    });
  }
}
