import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedChunk {
  readonly data: Buffer;
  /** `performance.now()` when the server received it. */
  readonly at: number;
}

/** One request as a fake Runtime API saw it: headers, every chunk as it arrived, and the trailers. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: string[];
  readonly chunks: RecordedChunk[];
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  trailers: Record<string, string | undefined>;
  ended: boolean;
  aborted: boolean;
  received: number;
  body(): Buffer;
}

export type RequestListener = (recorded: RecordedRequest, server: RecordingServer) => void;

export interface RecordingServer {
  /** `127.0.0.1:port`, the shape of `AWS_LAMBDA_RUNTIME_API`. */
  readonly address: string;
  readonly requests: RecordedRequest[];
  /** Resolves once `predicate()` holds (checked on every request event); rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** The first request (waits for it). */
  first(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/** Answers like the Runtime API once the body is complete: 202 `{"status":"OK"}`. */
export const acceptWhenEnded: RequestListener = (recorded) => {
  recorded.req.on('end', () => {
    recorded.res.writeHead(202, { 'content-type': 'application/json' });
    recorded.res.end('{"status":"OK"}');
  });
};

export async function startRecordingServer(
  onRequest: RequestListener = acceptWhenEnded,
): Promise<RecordingServer> {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const requests: RecordedRequest[] = [];
  const server = createServer();
  const recordingServer: RecordingServer = {
    address: '',
    requests,
    waitFor(predicate, timeoutMs = 5000) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          events.off('update', check);
          resolve();
        };
        const timer = setTimeout(() => {
          events.off('update', check);
          reject(new Error(`recording server: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        events.on('update', check);
      });
    },
    async first() {
      await recordingServer.waitFor(() => requests.length > 0);
      return requests[0]!;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      chunks: [],
      req,
      res,
      trailers: {},
      ended: false,
      aborted: false,
      received: 0,
      body() {
        return Buffer.concat(this.chunks.map((c) => c.data));
      },
    };
    requests.push(recorded);
    req.on('data', (data: Buffer) => {
      recorded.chunks.push({ data, at: performance.now() });
      recorded.received += data.length;
      events.emit('update');
    });
    req.on('end', () => {
      recorded.trailers = { ...req.trailers };
      recorded.ended = true;
      events.emit('update');
    });
    req.on('aborted', () => {
      recorded.aborted = true;
      events.emit('update');
    });
    req.on('error', () => {
      recorded.aborted = true;
      events.emit('update');
    });
    onRequest(recorded, recordingServer);
    events.emit('update');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (recordingServer as { address: string }).address = `127.0.0.1:${port}`;
  return recordingServer;
}

/** Decodes the base64 `Lambda-Runtime-Function-Error-Body` trailer. */
export function decodeErrorBody(value: string | undefined): unknown {
  if (value === undefined) throw new Error('no error body trailer');
  return JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
}

/** A port on 127.0.0.1 that nothing listens on (just closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
