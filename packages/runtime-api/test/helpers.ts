import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { SocketTransport } from '../src/socket-transport.ts';
import type { RuntimeApiTransport } from '../src/types.ts';
import { UndiciTransport } from '../src/undici-transport.ts';

export interface TransportKind {
  name: 'socket' | 'undici';
  create(address: string, connectRetryMs?: number): RuntimeApiTransport;
}

export const KINDS: TransportKind[] = [
  { name: 'socket', create: (address, connectRetryMs) => new SocketTransport({ address, connectRetryMs }) },
  { name: 'undici', create: (address, connectRetryMs) => new UndiciTransport({ address, connectRetryMs }) },
];

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  body: Buffer;
  /** Which server-side connection carried it (1-based). */
  connection: number;
}

export type Route = (req: RecordedRequest, res: ServerResponse) => void;

export interface FakeApi {
  address: string;
  port: number;
  requests: RecordedRequest[];
  /** Connections accepted so far. */
  connections(): number;
  /** Server-side sockets, in accept order. */
  sockets: Socket[];
  route: Route;
  close(): Promise<void>;
}

/** Answers /next with `invocation` headers and a JSON body; POSTs with 202. */
export const defaultRoute: Route = (req, res) => {
  if (req.url.endsWith('/next')) {
    const body = Buffer.from(JSON.stringify({ n: 1 }));
    res.writeHead(200, {
      'Lambda-Runtime-Aws-Request-Id': 'req-1',
      'Lambda-Runtime-Deadline-Ms': '1700000000000',
      'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:123456789012:function:f',
      'Content-Type': 'application/json',
      'Content-Length': body.length,
    });
    res.end(body);
    return;
  }
  res.writeHead(202, { 'Content-Type': 'application/json' });
  res.end('{"status":"OK"}');
};

export async function startApi(route: Route = defaultRoute): Promise<FakeApi> {
  let accepted = 0;
  const sockets: Socket[] = [];
  const api = { route } as FakeApi;
  const ids = new WeakMap<Socket, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
        connection: ids.get(req.socket) ?? 0,
      };
      api.requests.push(recorded);
      api.route(recorded, res);
    });
  });
  server.on('connection', (socket: Socket) => {
    accepted++;
    ids.set(socket, accepted);
    sockets.push(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  Object.assign(api, {
    address: `127.0.0.1:${port}`,
    port,
    requests: [],
    sockets,
    connections: () => accepted,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return api;
}

/** A raw TCP server: `onRequest` gets the socket once a full request head has arrived. */
export async function startRawServer(
  onRequest: (socket: Socket, head: string) => void,
): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffered.slice(0, end);
      const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      buffered = buffered.slice(end + 4 + length);
      onRequest(socket, head);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return {
    address: `127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port with nothing listening on it (bound then released). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
