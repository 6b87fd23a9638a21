import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const connector = fileURLToPath(new URL('../src/bun-connector.ts', import.meta.url));

// Written by the connector under Bun: a large string with multi-byte characters (more than the kernel
// takes at once while the server is not reading, so part of it waits for 'drain'), then bytes, then a
// small string. All must arrive whole and in order.
const script = `
import { bunConnector } from ${JSON.stringify(connector)};
const port = process.env.TEST_PORT;
const big = 'é€x'.repeat(1 << 20);
const conn = await bunConnector('127.0.0.1', Number(port), {
  onData: () => {},
  onClose: () => process.exit(0),
});
conn.write(big);
conn.write(Buffer.alloc(300000, 97));
conn.write('end\\n');
`;

function expectedDigest(): { length: number; sha: string } {
  const bytes = Buffer.concat([
    Buffer.from('é€x'.repeat(1 << 20), 'utf8'),
    Buffer.alloc(300000, 97),
    Buffer.from('end\n'),
  ]);
  return { length: bytes.length, sha: createHash('sha256').update(bytes).digest('hex') };
}

test('the Bun connector delivers partly written strings and bytes whole and in order', async () => {
  const expected = expectedDigest();
  let accepted: Socket | undefined;
  let exited: Promise<unknown> | undefined;
  const received = new Promise<{ length: number; sha: string }>((resolve) => {
    const server = createServer((socket) => {
      accepted = socket;
      socket.pause(); // let the connector's writes back up first
      const hash = createHash('sha256');
      let length = 0;
      const finish = (): void => {
        socket.destroy();
        server.close();
        resolve({ length, sha: hash.digest('hex') });
      };
      socket.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        length += chunk.length;
        if (length >= expected.length) finish();
      });
      socket.on('end', finish); // the writer gave up early: compare what came
      setTimeout(() => socket.resume(), 200);
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      const child = spawn('bun', ['-e', script], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, TEST_PORT: String(port) },
      });
      exited = new Promise((done) => child.on('exit', done));
      child.on('exit', () => accepted?.destroy());
      setTimeout(() => child.kill(), 20000).unref();
    });
  });
  assert.deepEqual(await received, expected);
  await exited;
});
