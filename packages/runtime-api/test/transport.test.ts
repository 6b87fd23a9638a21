import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { afterEach, describe, test } from 'node:test';
import {
  RuntimeApiConnectionError,
  RuntimeApiError,
  RuntimeApiProtocolError,
  RuntimeApiStatusError,
  RuntimeApiUnreachableError,
} from '../src/errors.ts';
import { nodeNetConnector } from '../src/node-net-connector.ts';
import { toRuntimeErrorBody } from '../src/runtime-error-body.ts';
import { SocketTransport } from '../src/socket-transport.ts';
import type { RuntimeApiTransport } from '../src/types.ts';
import { defaultRoute, delay, type FakeApi, freePort, KINDS, startApi, startRawServer } from './helpers.ts';

const NEXT = '/2018-06-01/runtime/invocation/next';

for (const kind of KINDS) {
  describe(`${kind.name} transport`, () => {
    let api: FakeApi | undefined;
    let transport: RuntimeApiTransport | undefined;
    const cleanups: Array<() => Promise<void>> = [];

    afterEach(async () => {
      await transport?.close();
      transport = undefined;
      await api?.close();
      api = undefined;
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });

    async function setup(route = defaultRoute) {
      api = await startApi(route);
      transport = kind.create(api.address);
      return { api, transport };
    }

    test('next(): every header present', async () => {
      const { transport } = await setup((_req, res) => {
        res.writeHead(200, {
          'Lambda-Runtime-Aws-Request-Id': '8476a536-e9f4-11e8-9739-2dfe598c3fcd',
          'Lambda-Runtime-Deadline-Ms': '1542409706888',
          'Lambda-Runtime-Invoked-Function-Arn':
            'arn:aws:lambda:us-east-2:123456789012:function:custom-runtime',
          'Lambda-Runtime-Trace-Id':
            'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1',
          'Lambda-Runtime-Client-Context': Buffer.from(
            JSON.stringify({ client: { installation_id: 'i' }, custom: { name: 'Zoë ✓' }, env: {} }),
          ).toString('latin1'),
          'Lambda-Runtime-Cognito-Identity': JSON.stringify({
            cognitoIdentityId: 'id',
            cognitoIdentityPoolId: 'pool',
          }),
          'Lambda-Runtime-Aws-Tenant-Id': 'tenant-42',
          'Content-Type': 'application/json',
        });
        res.end('{"hello":"world"}');
      });
      const invocation = await transport.next();
      assert.equal(invocation.requestId, '8476a536-e9f4-11e8-9739-2dfe598c3fcd');
      assert.equal(invocation.deadlineMs, 1542409706888);
      assert.equal(
        invocation.invokedFunctionArn,
        'arn:aws:lambda:us-east-2:123456789012:function:custom-runtime',
      );
      assert.equal(
        invocation.traceId,
        'Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1',
      );
      assert.deepEqual(invocation.clientContext, {
        client: { installation_id: 'i' },
        custom: { name: 'Zoë ✓' },
        env: {},
      });
      assert.deepEqual(invocation.cognitoIdentity, {
        cognitoIdentityId: 'id',
        cognitoIdentityPoolId: 'pool',
      });
      assert.equal(invocation.tenantId, 'tenant-42');
      assert.equal(Buffer.from(invocation.event).toString(), '{"hello":"world"}');
      assert.equal(invocation.headerError, undefined);
      assert.equal(api!.requests[0]!.method, 'GET');
      assert.equal(api!.requests[0]!.url, NEXT);
    });

    test('next(): optional headers absent, deadline absent -> 0 (like AWS native client)', async () => {
      const { transport } = await setup((_req, res) => {
        res.writeHead(200, { 'Lambda-Runtime-Aws-Request-Id': 'r' });
        res.end();
      });
      const invocation = await transport.next();
      assert.equal(invocation.requestId, 'r');
      assert.equal(invocation.deadlineMs, 0);
      assert.equal(invocation.invokedFunctionArn, '');
      assert.equal(invocation.traceId, undefined);
      assert.equal(invocation.clientContext, undefined);
      assert.equal(invocation.cognitoIdentity, undefined);
      assert.equal(invocation.tenantId, undefined);
      assert.equal(invocation.event.byteLength, 0);
    });

    test('next(): malformed client context / cognito JSON -> headerError, not a crash', async () => {
      const { transport } = await setup((_req, res) => {
        res.writeHead(200, {
          'Lambda-Runtime-Aws-Request-Id': 'r',
          'Lambda-Runtime-Client-Context': '{not json',
          'Lambda-Runtime-Cognito-Identity': '{"ok":true}',
        });
        res.end('{}');
      });
      const invocation = await transport.next();
      assert.equal(invocation.clientContext, undefined);
      assert.deepEqual(invocation.cognitoIdentity, { ok: true });
      assert.ok(invocation.headerError instanceof Error);
      assert.match(invocation.headerError.message, /^Cannot parse ClientContext as json: SyntaxError: /);
    });

    test('next(): 6 MB event with Content-Length', async () => {
      const event = randomBytes(6 * 1024 * 1024);
      const { transport } = await setup((_req, res) => {
        res.writeHead(200, { 'Lambda-Runtime-Aws-Request-Id': 'big', 'Content-Length': event.length });
        res.end(event);
      });
      const invocation = await transport.next();
      assert.equal(invocation.event.byteLength, event.length);
      assert.ok(
        Buffer.from(invocation.event.buffer, invocation.event.byteOffset, invocation.event.byteLength).equals(
          event,
        ),
      );
    });

    test('next(): chunked body (many chunks, 6 MB)', async () => {
      const event = randomBytes(6 * 1024 * 1024 + 7);
      const { transport } = await setup((_req, res) => {
        res.writeHead(200, { 'Lambda-Runtime-Aws-Request-Id': 'chunked' });
        for (let offset = 0; offset < event.length; offset += 100_003) {
          res.write(event.subarray(offset, Math.min(offset + 100_003, event.length)));
        }
        res.end();
      });
      const invocation = await transport.next();
      assert.equal(invocation.requestId, 'chunked');
      assert.ok(Buffer.from(invocation.event).equals(event));
      // A small chunked one after the big one, on the same connection.
      api!.route = (_req, res) => {
        res.writeHead(200, { 'Lambda-Runtime-Aws-Request-Id': 'small' });
        res.write('{"a":');
        res.end('1}');
      };
      const second = await transport.next();
      assert.equal(Buffer.from(second.event).toString(), '{"a":1}');
      assert.equal(api!.connections(), 1);
    });

    test('postResponse(): method, path, headers, body (string and bytes)', async () => {
      const { api, transport } = await setup();
      await transport.postResponse('id/with?odd chars', '{"ok":"✓"}');
      await transport.postResponse('id2', new Uint8Array([1, 2, 3]), 'application/octet-stream');
      const big = randomBytes(200_000);
      await transport.postResponse('id3', big, 'application/octet-stream');
      const [a, b, c] = api.requests;
      assert.equal(a!.method, 'POST');
      assert.equal(
        a!.url,
        `/2018-06-01/runtime/invocation/${encodeURIComponent('id/with?odd chars')}/response`,
      );
      assert.equal(a!.headers['content-type'], 'application/json');
      assert.equal(a!.headers['content-length'], String(Buffer.byteLength('{"ok":"✓"}')));
      assert.equal(a!.headers['transfer-encoding'], undefined);
      assert.equal(a!.body.toString(), '{"ok":"✓"}');
      assert.equal(b!.url, '/2018-06-01/runtime/invocation/id2/response');
      assert.equal(b!.headers['content-type'], 'application/octet-stream');
      assert.deepEqual([...b!.body], [1, 2, 3]);
      assert.ok(c!.body.equals(big));
      assert.equal(c!.headers['content-length'], String(big.length));
    });

    test('postInvocationError() / postInitError(): path, headers, JSON body', async () => {
      const { api, transport } = await setup();
      class ValidationError extends Error {
        override name = 'ValidationError';
      }
      const body = toRuntimeErrorBody(new ValidationError('bad input'));
      await transport.postInvocationError('req-9', body, {
        xrayErrorCause: '{"working_directory":"/var/task"}',
      });
      await transport.postInitError({
        errorType: 'Runtime.ImportModuleError',
        errorMessage: 'nope',
        trace: ['a', 'b'],
      });
      await transport.postInvocationError('req-10', {
        errorType: 'Bad\nType\u00e9',
        errorMessage: 'm',
        trace: [],
      });
      const [inv, init, odd] = api.requests;
      assert.equal(inv!.method, 'POST');
      assert.equal(inv!.url, '/2018-06-01/runtime/invocation/req-9/error');
      assert.equal(inv!.headers['content-type'], 'application/json');
      assert.equal(inv!.headers['lambda-runtime-function-error-type'], 'ValidationError');
      assert.equal(
        inv!.headers['lambda-runtime-function-xray-error-cause'],
        '{"working_directory":"/var/task"}',
      );
      assert.deepEqual(JSON.parse(inv!.body.toString()), body);
      assert.equal(inv!.headers['content-length'], String(inv!.body.length));
      assert.equal(init!.url, '/2018-06-01/runtime/init/error');
      assert.equal(init!.headers['lambda-runtime-function-error-type'], 'Runtime.ImportModuleError');
      assert.deepEqual(JSON.parse(init!.body.toString()), {
        errorType: 'Runtime.ImportModuleError',
        errorMessage: 'nope',
        trace: ['a', 'b'],
      });
      assert.equal(odd!.headers['lambda-runtime-function-error-type'], 'Bad%0AType%C3%A9');
      assert.equal(JSON.parse(odd!.body.toString()).errorType, 'Bad\nType\u00e9');
    });

    test('keep-alive: a whole invoke loop on ONE connection', async () => {
      const { api, transport } = await setup();
      for (let i = 0; i < 20; i++) {
        const invocation = await transport.next();
        if (i % 2 === 0) await transport.postResponse(invocation.requestId, '{}');
        else await transport.postInvocationError(invocation.requestId, toRuntimeErrorBody(new Error('x')));
      }
      await transport.postInitError(toRuntimeErrorBody(new TypeError('t')));
      assert.equal(api.requests.length, 41);
      assert.equal(api.connections(), 1);
      assert.ok(api.requests.every((r) => r.connection === 1));
    });

    test('concurrent calls are queued, not lost', async () => {
      const { api, transport } = await setup();
      await Promise.all([
        transport.postResponse('a', '1'),
        transport.postResponse('b', '2'),
        transport.postResponse('c', '3'),
      ]);
      assert.deepEqual(
        api.requests.map((r) => r.body.toString()),
        ['1', '2', '3'],
      );
    });

    test('server closes an idle keep-alive connection: transparent reconnect', async () => {
      const { api, transport } = await setup();
      await transport.next();
      await transport.postResponse('req-1', '{}');
      for (const socket of api.sockets) socket.destroy();
      await delay(50);
      const invocation = await transport.next();
      assert.equal(invocation.requestId, 'req-1');
      await transport.postResponse('req-1', '{}');
      assert.equal(api.connections(), 2);
    });

    test('Connection: close from the server: next request opens a new connection', async () => {
      const { api, transport } = await setup((req, res) => {
        res.shouldKeepAlive = false;
        defaultRoute(req, res);
      });
      await transport.next();
      await transport.postResponse('req-1', '{}');
      await transport.next();
      assert.equal(api.requests.length, 3);
      assert.equal(api.connections(), 3);
    });

    for (const [status, method, call] of [
      [500, 'GET', (t: RuntimeApiTransport) => t.next()],
      [403, 'GET', (t: RuntimeApiTransport) => t.next()],
      [400, 'POST', (t: RuntimeApiTransport) => t.postResponse('unknown', '{}')],
      [413, 'POST', (t: RuntimeApiTransport) => t.postResponse('big', '{}')],
      [
        403,
        'POST',
        (t: RuntimeApiTransport) => t.postInvocationError('x', toRuntimeErrorBody(new Error('e'))),
      ],
      [500, 'POST', (t: RuntimeApiTransport) => t.postInitError(toRuntimeErrorBody(new Error('e')))],
    ] as const) {
      test(`status ${status} on ${method} -> RuntimeApiStatusError`, async () => {
        const answer = JSON.stringify({
          errorMessage: `answer ${status}`,
          errorType: 'InvalidStateTransition',
        });
        const { api, transport } = await setup((_req, res) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(answer);
        });
        const error = await call(transport).then(
          () => assert.fail('expected a rejection'),
          (e: unknown) => e,
        );
        assert.ok(error instanceof RuntimeApiStatusError, String(error));
        assert.ok(error instanceof RuntimeApiError);
        assert.equal(error.code, 'ERR_RUNTIME_API_STATUS');
        assert.equal(error.statusCode, status);
        assert.equal(error.method, method);
        assert.equal(error.path, api.requests[0]!.url);
        assert.ok(error.message.includes(answer), error.message);
        // The connection stays usable after an error status.
        api.route = defaultRoute;
        await transport.postResponse('ok', '{}');
        assert.equal(api.connections(), 1);
      });
    }

    test('status error body is capped in the message', async () => {
      const { transport } = await setup((_req, res) => {
        res.writeHead(500);
        res.end('x'.repeat(100_000));
      });
      const error = (await transport.next().catch((e: unknown) => e)) as RuntimeApiStatusError;
      assert.ok(error instanceof RuntimeApiStatusError);
      assert.ok(error.message.length < 2000);
    });

    test('missing Lambda-Runtime-Aws-Request-Id -> RuntimeApiProtocolError', async () => {
      const { transport } = await setup((_req, res) => {
        res.writeHead(200, { 'Lambda-Runtime-Deadline-Ms': '1' });
        res.end('{}');
      });
      await assert.rejects(transport.next(), (e: unknown) => {
        assert.ok(e instanceof RuntimeApiProtocolError);
        assert.equal(e.code, 'ERR_RUNTIME_API_PROTOCOL');
        assert.match(e.message, /Lambda-Runtime-Aws-Request-Id/);
        return true;
      });
    });

    test('garbage instead of HTTP -> RuntimeApiProtocolError', async () => {
      const raw = await startRawServer((socket) => socket.end('SMTP ready\r\n\r\n'));
      cleanups.push(raw.close);
      transport = kind.create(raw.address);
      await assert.rejects(transport.next(), RuntimeApiProtocolError);
    });

    for (const [label, response] of [
      ['mid-headers', 'HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r\r\nContent-Le'],
      [
        'mid-body (Content-Length)',
        'HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r\r\nContent-Length: 100\r\n\r\n{"partial":',
      ],
      [
        'mid-body (chunked)',
        'HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n',
      ],
      ['before any byte', ''],
    ] as const) {
      test(`server closes ${label} -> RuntimeApiConnectionError`, async () => {
        const raw = await startRawServer((socket) => {
          socket.write(response, () => socket.destroy());
        });
        cleanups.push(raw.close);
        transport = kind.create(raw.address);
        await assert.rejects(transport.next(), (e: unknown) => {
          assert.ok(e instanceof RuntimeApiConnectionError, String(e));
          assert.equal(e.code, 'ERR_RUNTIME_API_CONNECTION');
          return true;
        });
      });
    }

    test('reused connection closed before any answer to GET /next', async () => {
      // The race an idle close can cause: the request went out on a connection the server is closing.
      const ids = new WeakMap<object, number>();
      let connections = 0;
      const raw = await startRawServer((socket, head) => {
        if (!ids.has(socket)) {
          connections++;
          ids.set(socket, connections);
        }
        const id = ids.get(socket);
        if (id === 1 && head.startsWith('GET')) {
          socket.destroy();
          return;
        }
        if (head.startsWith('GET')) {
          socket.write(
            'HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: again\r\nContent-Length: 2\r\n\r\n{}',
          );
        } else {
          socket.write('HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n');
        }
      });
      cleanups.push(raw.close);
      transport = kind.create(raw.address);
      await transport.postResponse('first', '{}');
      if (kind.name === 'socket') {
        // SocketTransport retries an idempotent GET /next once on a fresh connection.
        assert.equal((await transport.next()).requestId, 'again');
      } else {
        // undici reports it (no automatic retry in a plain Client).
        await assert.rejects(transport.next(), RuntimeApiConnectionError);
      }
    });

    test('nothing listening -> RuntimeApiUnreachableError after a bounded retry', async () => {
      const port = await freePort();
      transport = kind.create(`127.0.0.1:${port}`, 300);
      const started = Date.now();
      await assert.rejects(transport.next(), (e: unknown) => {
        assert.ok(e instanceof RuntimeApiUnreachableError, String(e));
        assert.equal(e.code, 'ERR_RUNTIME_API_UNREACHABLE');
        assert.match(e.message, /AWS_LAMBDA_RUNTIME_API/);
        assert.equal((e.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
        return true;
      });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 100 && elapsed < 1500, `elapsed ${elapsed}`);
    });

    test('the API starts listening during the first-connect retry: next() succeeds', async () => {
      const port = await freePort();
      transport = kind.create(`127.0.0.1:${port}`, 2000);
      const server = createServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'Lambda-Runtime-Aws-Request-Id': 'late' });
        res.end('{}');
      });
      cleanups.push(async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      });
      const pending = transport.next();
      await delay(120);
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
      assert.equal((await pending).requestId, 'late');
    });

    test('close() while /next is waiting rejects it and frees the handle', async () => {
      const { transport } = await setup(() => {
        /* never answers */
      });
      const pending = transport.next();
      await delay(30);
      await transport.close();
      await assert.rejects(pending, RuntimeApiError);
    });
  });
}

describe('SocketTransport on a raw server', () => {
  const cleanups: Array<() => Promise<void>> = [];
  let transport: SocketTransport | undefined;
  afterEach(async () => {
    await transport?.close();
    transport = undefined;
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  describe('preconnect', () => {
    test('opens the connection before any request; the first request uses it', async () => {
      const raw = await startRawServer((socket, head) => {
        if (head.startsWith('GET')) {
          socket.write(
            'HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: pre\r\nContent-Length: 2\r\n\r\n{}',
          );
        }
      });
      cleanups.push(raw.close);
      let connects = 0;
      transport = new SocketTransport({
        address: raw.address,
        connector: (host, port, events) => {
          connects++;
          return nodeNetConnector(host, port, events);
        },
      });
      transport.preconnect();
      await delay(50);
      assert.equal(connects, 1, 'connected before the first request');
      assert.equal((await transport.next()).requestId, 'pre');
      assert.equal(connects, 1, 'the request went over the pre-opened connection');
    });

    test('a pre-opened connection reset before the first answer is not retried (it was never reused)', async () => {
      let gets = 0;
      const raw = await startRawServer((socket, head) => {
        if (head.startsWith('GET')) {
          gets++;
          socket.destroy();
        }
      });
      cleanups.push(raw.close);
      transport = new SocketTransport({ address: raw.address });
      transport.preconnect();
      await delay(50);
      await assert.rejects(transport.next(), RuntimeApiConnectionError);
      assert.equal(gets, 1);
    });

    test('nothing listening: the first request fails at once with the pre-connect error', async () => {
      const port = await freePort();
      transport = new SocketTransport({ address: `127.0.0.1:${port}`, connectRetryMs: 200 });
      transport.preconnect();
      await delay(400); // the pre-connect's whole retry budget has passed
      const started = Date.now();
      await assert.rejects(transport.next(), RuntimeApiUnreachableError);
      assert.ok(Date.now() - started < 150, 'no second retry window');
    });
  });

  describe('header parsing', () => {
    test('names in any case, UTF-8 values, and a request id that needs URI encoding', async () => {
      const heads: string[] = [];
      const raw = await startRawServer((socket, head) => {
        heads.push(head);
        if (head.startsWith('GET')) {
          const id = Buffer.from('a b/é', 'utf8').toString('latin1');
          const trace = Buffer.from('Root=1-ü', 'utf8').toString('latin1');
          socket.write(
            Buffer.from(
              `HTTP/1.1 200 OK\r\nLAMBDA-RUNTIME-AWS-REQUEST-ID: ${id}\r\nlambda-runtime-deadline-ms: 1234\r\n` +
                'Lambda-runtime-Invoked-Function-Arn:   arn:x  \r\nLambda-Runtime-Trace-Id: ' +
                `${trace}\r\nlambda-runtime-aws-request-id: second\r\ncontent-LENGTH: 2\r\n\r\n{}`,
              'latin1',
            ),
          );
        } else {
          socket.write('HTTP/1.1 202 Accepted\r\nCONTENT-LENGTH: 16\r\n\r\n{"status":"OK"}\n');
        }
      });
      cleanups.push(raw.close);
      transport = new SocketTransport({ address: raw.address });
      const invocation = await transport.next();
      assert.equal(invocation.requestId, 'a b/é', 'the first of two ids, decoded as UTF-8');
      assert.equal(invocation.deadlineMs, 1234);
      assert.equal(invocation.invokedFunctionArn, 'arn:x');
      assert.equal(invocation.traceId, 'Root=1-ü');
      assert.equal(Buffer.from(invocation.event).toString(), '{}');
      await transport.postResponse(invocation.requestId, '{}');
      assert.match(
        heads[1]!,
        /^POST \/2018-06-01\/runtime\/invocation\/a%20b%2F%C3%A9\/response HTTP\/1\.1\r\n/,
      );
    });

    test('an ASCII head: every invocation header by slot, first of two wins, others ignored', async () => {
      const raw = await startRawServer((socket, head) => {
        if (!head.startsWith('GET')) return;
        socket.write(
          'HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: id-1\r\nLambda-Runtime-Deadline-Ms: 99x\r\n' +
            'Lambda-Runtime-Invoked-Function-Arn: arn:a\r\nLambda-Runtime-Trace-Id: Root=1\r\n' +
            'Lambda-Runtime-Client-Context: {"custom":{"k":"v"}}\r\nLambda-Runtime-Cognito-Identity: {"cognitoIdentityId":"c"}\r\n' +
            'Lambda-Runtime-Aws-Tenant-Id: t-1\r\nLambda-Runtime-Trace-Id: Root=2\r\nLambda-Runtime-Future-Header: x\r\n' +
            'Content-Length: 2\r\n\r\n{}',
        );
      });
      cleanups.push(raw.close);
      transport = new SocketTransport({ address: raw.address });
      const invocation = await transport.next();
      assert.deepEqual(
        { ...invocation, event: Buffer.from(invocation.event).toString() },
        {
          requestId: 'id-1',
          deadlineMs: 99,
          invokedFunctionArn: 'arn:a',
          traceId: 'Root=1',
          clientContext: { custom: { k: 'v' } },
          cognitoIdentity: { cognitoIdentityId: 'c' },
          tenantId: 't-1',
          event: '{}',
        },
      );
    });

    test('a UTF-8 value in a head whose chunk is too large for the one ASCII check', async () => {
      const event = JSON.stringify({ pad: 'x'.repeat(8000) });
      const raw = await startRawServer((socket, head) => {
        if (!head.startsWith('GET')) return;
        const arn = Buffer.from('arn:é', 'utf8').toString('latin1');
        socket.write(
          Buffer.from(
            `HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: id-2\r\nLambda-Runtime-Invoked-Function-Arn: ${arn}\r\n` +
              `Content-Length: ${event.length}\r\n\r\n${event}`,
            'latin1',
          ),
        );
      });
      cleanups.push(raw.close);
      transport = new SocketTransport({ address: raw.address });
      const invocation = await transport.next();
      assert.equal(invocation.invokedFunctionArn, 'arn:é');
      assert.equal(invocation.deadlineMs, 0);
      assert.equal(Buffer.from(invocation.event).toString(), event);
    });
  });
});
