import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { RuntimeApiError, SocketTransport } from '@lambda-engines/runtime-api';
import fc from 'fast-check';

// A raw server that answers each request with the bytes the property gives it, then closes.
const answers: Buffer[] = [];
const sockets = new Set<Socket>();
const server = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => {});
  socket.once('data', () => socket.end(answers.shift() ?? Buffer.alloc(0)));
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;

const token = fc.stringMatching(/^[A-Za-z0-9-]{1,24}$/);
const headerValue = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, '')),
  fc.json({ maxDepth: 2 }),
  fc.constantFrom('', ' ', 'null', '{', '12abc', '-1', '99999999999999999999'),
);
const headerName = fc.constantFrom(
  'Lambda-Runtime-Aws-Request-Id',
  'Lambda-Runtime-Deadline-Ms',
  'Lambda-Runtime-Invoked-Function-Arn',
  'Lambda-Runtime-Trace-Id',
  'Lambda-Runtime-Client-Context',
  'Lambda-Runtime-Cognito-Identity',
  'Lambda-Runtime-Aws-Tenant-Id',
  'Content-Type',
  'Connection',
  'X-Other',
);
const statusLine = fc.oneof(
  { weight: 6, arbitrary: fc.constant('HTTP/1.1 200 OK') },
  { weight: 2, arbitrary: fc.integer({ min: 100, max: 599 }).map((n) => `HTTP/1.1 ${n} X`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('HTTP/1.0 200 OK', 'HTTP/1.1 2000 OK', 'HTTP/1.1 OK', 'garbage', ''),
  },
);
const body = fc.oneof(
  fc.json().map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
);
const framing = fc.constantFrom(
  'length',
  'length-short',
  'length-long',
  'length-bad',
  'chunked',
  'chunked-bad',
  'close',
);

const response = fc
  .record({
    status: statusLine,
    withId: fc.boolean(),
    id: token,
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }),
    body,
    framing,
    cutAt: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ status, withId, id, headers, body, framing, cutAt }) => {
    const lines = [status];
    if (withId) lines.push(`Lambda-Runtime-Aws-Request-Id: ${id}`);
    for (const [name, value] of headers) lines.push(`${name}: ${value}`);
    let payload = body;
    if (framing === 'length') lines.push(`Content-Length: ${body.length}`);
    if (framing === 'length-short') lines.push(`Content-Length: ${Math.max(0, body.length - 1)}`);
    if (framing === 'length-long') lines.push(`Content-Length: ${body.length + 10}`);
    if (framing === 'length-bad') lines.push('Content-Length: 1x');
    if (framing === 'chunked' || framing === 'chunked-bad') {
      lines.push('Transfer-Encoding: chunked');
      const size = framing === 'chunked' ? body.length.toString(16) : 'zz';
      payload = Buffer.concat([Buffer.from(`${size}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
    }
    const bytes = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
    return cutAt === undefined ? bytes : bytes.subarray(0, cutAt % (bytes.length + 1));
  });

test('fuzz /next answers: the transport resolves a valid invocation or rejects with a named RuntimeApiError, always within a bound', async () => {
  try {
    await fc.assert(
      fc.asyncProperty(response, async (bytes) => {
        answers.push(bytes);
        const transport = new SocketTransport({ address, connectRetryMs: 0 });
        const bound = new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), 2_000).unref());
        const outcome = await Promise.race([
          transport.next().then(
            (invocation) => ({ invocation }),
            (error: unknown) => ({ error }),
          ),
          bound,
        ]);
        await transport.close();
        assert.notEqual(
          outcome,
          'hang',
          `next() neither resolved nor rejected for ${JSON.stringify(bytes.toString('latin1'))}`,
        );
        if (outcome === 'hang') return;
        if ('error' in outcome) {
          assert.ok(
            outcome.error instanceof RuntimeApiError,
            `not a RuntimeApiError: ${String(outcome.error)}`,
          );
          assert.match(String(outcome.error.code), /^ERR_RUNTIME_API_/);
        } else {
          const { invocation } = outcome;
          assert.equal(typeof invocation.requestId, 'string');
          assert.ok(invocation.requestId.length > 0, 'an invocation without a request id');
          assert.ok(Number.isFinite(invocation.deadlineMs));
          assert.ok(invocation.event instanceof Uint8Array);
          // A status outside 2xx never becomes an invocation.
          assert.match(bytes.toString('latin1'), /^HTTP\/1\.[01] 2\d\d /);
        }
      }),
      { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 20261127) },
    );
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
});
