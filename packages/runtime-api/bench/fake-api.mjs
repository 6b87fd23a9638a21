// A fast fake Runtime API for the benchmark: raw `net`, keep-alive, answers /next with a small JSON
// event (Content-Length) and every POST with 202. Prints its port on stdout.
import { createServer } from 'node:net';

const EVENT = Buffer.from(JSON.stringify({ key1: 'value1', key2: 'value2', key3: 'value3' }));
const ACCEPTED = Buffer.from(
  'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"status":"OK"}',
  'latin1',
);
let id = 0;

function nextResponse() {
  id++;
  const head =
    'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n' +
    `Lambda-Runtime-Aws-Request-Id: 00000000-0000-0000-0000-${String(id).padStart(12, '0')}\r\n` +
    `Lambda-Runtime-Deadline-Ms: ${Date.now() + 3000}\r\n` +
    'Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:bench\r\n' +
    'Lambda-Runtime-Trace-Id: Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1\r\n' +
    `Date: ${new Date().toUTCString()}\r\nContent-Length: ${EVENT.length}\r\n\r\n`;
  const out = Buffer.allocUnsafe(head.length + EVENT.length);
  out.write(head, 0, 'latin1');
  EVENT.copy(out, head.length);
  return out;
}

const server = createServer({ noDelay: true }, (socket) => {
  let pending = null;
  socket.on('error', () => {});
  socket.on('data', (chunk) => {
    let buf = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = null;
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) break;
      const head = buf.toString('latin1', 0, end);
      const m = /content-length: *(\d+)/i.exec(head);
      const length = m ? Number(m[1]) : 0;
      if (buf.length < end + 4 + length) break;
      socket.write(head.startsWith('GET') ? nextResponse() : ACCEPTED);
      buf = buf.subarray(end + 4 + length);
    }
    if (buf.length > 0) pending = buf;
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
