// The four loops the benchmark compares. Each `create*` returns { invoke(): Promise<void>, close() }:
// one invoke = GET /next, then POST the event back as the response.
import http from 'node:http';
import { connect } from 'node:net';

function split(address) {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
}

/** The floor: a raw keep-alive socket, fixed request bytes, minimal Content-Length-only parsing. */
export async function createRaw(address) {
  const { host, port } = split(address);
  const socket = connect({ host, port, noDelay: true });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const nextRequest = Buffer.from(
    `GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: ${address}\r\n\r\n`,
  );
  let resolveResponse = null;
  let buffered = null;
  socket.on('data', (chunk) => {
    buffered = buffered === null ? chunk : Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0) return;
    const lengthAt = buffered.indexOf('Content-Length: ');
    const length = Number(buffered.toString('latin1', lengthAt + 16, buffered.indexOf('\r\n', lengthAt)));
    if (buffered.length < end + 4 + length) return;
    const response = buffered;
    buffered = null;
    const done = resolveResponse;
    resolveResponse = null;
    done({ response, end, length });
  });
  const roundTrip = (bytes) =>
    new Promise((resolve) => {
      resolveResponse = resolve;
      socket.write(bytes);
    });
  return {
    async invoke() {
      const { response, end, length } = await roundTrip(nextRequest);
      const idAt = response.indexOf('Lambda-Runtime-Aws-Request-Id: ') + 31;
      const id = response.toString('latin1', idAt, response.indexOf('\r\n', idAt));
      const body = response.subarray(end + 4, end + 4 + length);
      const head = `POST /2018-06-01/runtime/invocation/${id}/response HTTP/1.1\r\nHost: ${address}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
      await roundTrip(Buffer.concat([Buffer.from(head, 'latin1'), body]));
    },
    close() {
      socket.destroy();
    },
  };
}

/** A transport from this package (SocketTransport or UndiciTransport). */
export function fromTransport(transport) {
  return {
    async invoke() {
      const invocation = await transport.next();
      await transport.postResponse(invocation.requestId, invocation.event);
    },
    close() {
      return transport.close();
    },
  };
}

/** `node:http` with a keep-alive Agent (maxSockets 1), like AWS's RAPIDClient's alternative client. */
export function createHttp(address) {
  const { host, port } = split(address);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (method, path, body) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          host,
          port,
          method,
          path,
          agent,
          headers: body ? { 'Content-Type': 'application/json', 'Content-Length': body.length } : undefined,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    async invoke() {
      const next = await request('GET', '/2018-06-01/runtime/invocation/next');
      const id = next.headers['lambda-runtime-aws-request-id'];
      await request('POST', `/2018-06-01/runtime/invocation/${id}/response`, next.body);
    },
    close() {
      agent.destroy();
    },
  };
}
