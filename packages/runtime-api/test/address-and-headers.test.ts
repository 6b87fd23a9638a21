import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatAuthority, parseRuntimeApiAddress, runtimeApiAddress } from '../src/address.ts';
import { createTransport } from '../src/create-transport.ts';
import { RuntimeApiAddressError, RuntimeApiProtocolError } from '../src/errors.ts';
import { invocationFromHeaders } from '../src/invocation-headers.ts';
import { SocketTransport } from '../src/socket-transport.ts';
import { UndiciTransport } from '../src/undici-transport.ts';

describe('runtimeApiAddress', () => {
  test('host:port, IPv6, names', () => {
    assert.deepEqual(runtimeApiAddress({ AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' }), {
      host: '127.0.0.1',
      port: 9001,
    });
    assert.deepEqual(runtimeApiAddress({ AWS_LAMBDA_RUNTIME_API: '[::1]:8080' }), {
      host: '::1',
      port: 8080,
    });
    assert.deepEqual(parseRuntimeApiAddress('localhost:65535'), { host: 'localhost', port: 65535 });
    assert.deepEqual(parseRuntimeApiAddress(' sandbox.localdomain:9001 '), {
      host: 'sandbox.localdomain',
      port: 9001,
    });
    assert.equal(formatAuthority({ host: '::1', port: 1 }), '[::1]:1');
    assert.equal(formatAuthority({ host: '127.0.0.1', port: 9001 }), '127.0.0.1:9001');
  });

  test('missing or malformed -> RuntimeApiAddressError naming the variable', () => {
    for (const value of [
      undefined,
      '',
      '127.0.0.1',
      '127.0.0.1:',
      ':9001',
      'http://127.0.0.1:9001',
      '127.0.0.1:9001/path',
      '127.0.0.1:0',
      '127.0.0.1:65536',
      '127.0.0.1:90a1',
      '::1:9001',
      '[::1]',
      '[]:9001',
      '[127.0.0.1]:9001',
    ]) {
      assert.throws(
        () => runtimeApiAddress({ AWS_LAMBDA_RUNTIME_API: value }),
        (e: unknown) => {
          assert.ok(e instanceof RuntimeApiAddressError, `${value}: ${e}`);
          assert.equal(e.code, 'ERR_RUNTIME_API_ADDRESS');
          assert.match(e.message, /AWS_LAMBDA_RUNTIME_API/);
          return true;
        },
        String(value),
      );
    }
  });
});

describe('invocationFromHeaders', () => {
  const event = new Uint8Array([123, 125]);
  test('array-valued headers take the first value; deadline read like strtoul', () => {
    const invocation = invocationFromHeaders(
      {
        'lambda-runtime-aws-request-id': ['a', 'b'],
        'lambda-runtime-deadline-ms': '123abc',
        'lambda-runtime-trace-id': '',
        'lambda-runtime-client-context': '',
      },
      event,
    );
    assert.equal(invocation.requestId, 'a');
    assert.equal(invocation.deadlineMs, 123);
    assert.equal(invocation.traceId, undefined);
    assert.equal(invocation.clientContext, undefined);
    assert.equal(invocation.event, event);
  });

  test('unparsable deadline -> 0; bad cognito JSON -> headerError', () => {
    const invocation = invocationFromHeaders(
      {
        'lambda-runtime-aws-request-id': 'r',
        'lambda-runtime-deadline-ms': 'soon',
        'lambda-runtime-cognito-identity': '{',
      },
      event,
    );
    assert.equal(invocation.deadlineMs, 0);
    assert.match(invocation.headerError!.message, /^Cannot parse CognitoIdentity as json: /);
  });

  test('empty request id -> RuntimeApiProtocolError', () => {
    assert.throws(
      () => invocationFromHeaders({ 'lambda-runtime-aws-request-id': '' }, event),
      RuntimeApiProtocolError,
    );
  });
});

describe('createTransport', () => {
  test('socket by default; undici when given the class; address from env; bad input throws', async () => {
    const socket = createTransport({ address: '127.0.0.1:9001' });
    assert.ok(socket instanceof SocketTransport);
    assert.equal(socket.port, 9001);
    await socket.close();

    const undici = createTransport({ address: '[::1]:9002', kind: 'undici', undici: UndiciTransport });
    assert.ok(undici instanceof UndiciTransport);
    assert.equal(undici.host, '::1');
    await undici.close();

    const saved = process.env.AWS_LAMBDA_RUNTIME_API;
    try {
      process.env.AWS_LAMBDA_RUNTIME_API = '127.0.0.1:9003';
      const fromEnv = createTransport();
      assert.ok(fromEnv instanceof SocketTransport);
      assert.equal(fromEnv.port, 9003);
      await fromEnv.close();
      delete process.env.AWS_LAMBDA_RUNTIME_API;
      assert.throws(() => createTransport(), RuntimeApiAddressError);
    } finally {
      if (saved === undefined) delete process.env.AWS_LAMBDA_RUNTIME_API;
      else process.env.AWS_LAMBDA_RUNTIME_API = saved;
    }

    assert.throws(
      () => createTransport({ address: '127.0.0.1:9001', kind: 'undici' }),
      /runtime-api\/undici/,
    );
    assert.throws(
      () => createTransport({ address: '127.0.0.1:9001', kind: 'curl' as 'socket' }),
      /Unknown transport/,
    );
  });
});
