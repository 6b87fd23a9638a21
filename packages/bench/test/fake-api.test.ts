import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { FakeRuntimeApi, type StreamStats } from '../src/fake-api.ts';

let api: FakeRuntimeApi;
let port: number;
const streams: StreamStats[] = [];

before(async () => {
  api = new FakeRuntimeApi();
  port = await api.listen();
  api.setListener({ onStreamEnd: (s) => streams.push(s) });
});
after(() => api.close());

function open(): Promise<{ socket: Socket; read: (marker: string, count: number) => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    let waiter: (() => void) | undefined;
    socket.on('data', (d) => {
      text += d.toString('latin1');
      waiter?.();
    });
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        socket,
        read: (marker, count) =>
          new Promise((done) => {
            const check = () => {
              if (text.split(marker).length - 1 >= count) {
                waiter = undefined;
                done(text);
              }
            };
            waiter = check;
            check();
          }),
      }),
    );
  });
}

const NEXT = 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n';
const post = (body: string) =>
  `POST /2018-06-01/runtime/invocation/a/response HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

test('pipelined requests are answered in order; /next waits for budget', async () => {
  api.reset();
  api.setEvent(Buffer.from('{"a":1}'));
  const { socket, read } = await open();
  socket.write(NEXT + post('{}') + NEXT);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(api.nextServed, 0, 'no budget: parked');
  api.serve(1);
  await read('HTTP/1.1 202', 1);
  assert.equal(api.responses, 1);
  assert.equal(api.nextServed, 1, 'the second /next stays parked');
  api.serve(1);
  const text = await read('HTTP/1.1 200', 2);
  assert.match(text, /Lambda-Runtime-Aws-Request-Id: 00000000-0000-4000-8000-\d{12}\r\n/);
  assert.ok(text.endsWith('{"a":1}'));
  socket.destroy();
});

test('a chunked (streamed) response is counted to its trailers and answered 202', async () => {
  api.reset();
  const { socket, read } = await open();
  socket.write(
    'POST /2018-06-01/runtime/invocation/a/response HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5\r\nhello\r\n',
  );
  await new Promise((r) => setTimeout(r, 20));
  socket.write('6\r\n world\r\n0\r\nLambda-Runtime-Function-Error-Type: X\r\n\r\n');
  await read('HTTP/1.1 202', 1);
  const last = streams[streams.length - 1]!;
  assert.equal(last.bytes, 11);
  assert.ok(last.endAt >= last.firstByteAt && last.firstByteAt >= last.headAt);
  assert.equal(api.responses, 1);
  socket.destroy();
});

test('a slow read rate throttles a streamed body', async () => {
  api.reset();
  api.setSlowRate(1024 * 1024); // 1 MiB/s
  const { socket, read } = await open();
  const chunk = Buffer.alloc(64 * 1024, 120);
  socket.write(
    'POST /2018-06-01/runtime/invocation/a/response HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
  );
  const started = Date.now();
  for (let i = 0; i < 4; i++)
    socket.write(Buffer.concat([Buffer.from('10000\r\n'), chunk, Buffer.from('\r\n')]));
  socket.write('0\r\n\r\n');
  await read('HTTP/1.1 202', 1);
  api.setSlowRate(0);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 150, `256 KiB at 1 MiB/s took only ${elapsed} ms`);
  assert.equal(streams[streams.length - 1]!.bytes, 4 * 64 * 1024);
  socket.destroy();
});
