import { createServer, type Server, type Socket } from 'node:net';

/** Monotonic nanoseconds (CLOCK_MONOTONIC: the same clock in every process on the machine). */
export const now = (): bigint => process.hrtime.bigint();

const ACCEPTED = Buffer.from(
  'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"status":"OK"}',
  'latin1',
);
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:bench';
// Lambda sends a new trace id with every invocation (a runtime that skips work when it repeats would
// look faster here than on Lambda): the invocation number goes into the Root and the Parent.
const traceId = (id: number): string => {
  const hex = id.toString(16).padStart(16, '0');
  return `Root=1-5bef4de7-ad49b0e8${hex};Parent=${hex};Sampled=1`;
};

export interface StreamStats {
  /** Body bytes received (chunk data only). */
  bytes: number;
  /** When the request head arrived. */
  headAt: bigint;
  /** When the first body byte arrived. */
  firstByteAt: bigint;
  /** When the `/next` answer that started this invocation was written. */
  eventAt: bigint;
  /** When the terminating chunk and trailers arrived. */
  endAt: bigint;
}

export interface FakeApiListener {
  onResponse?(count: number, at: bigint): void;
  onStreamEnd?(stats: StreamStats): void;
}

/**
 * A fast fake Runtime API: raw `net`, keep-alive, pipelining-safe. `/next` hands out pre-built events
 * while there is budget and parks the request otherwise (the runtime idles as on Lambda); every POST
 * is answered 202 once its body is read. Bodies are counted, never buffered. Streamed (chunked)
 * responses can be read slowly, to show backpressure.
 */
export class FakeRuntimeApi {
  readonly #server: Server;
  #listener: FakeApiListener = {};
  #event: Buffer = Buffer.from('{}');
  #budget = 0;
  #parked: Socket[] = [];
  #id = 0;
  /** When the last `/next` answer was written (the event of the invocation now running). */
  lastEventAt = 0n;
  /** Bytes per second a streamed body is read at; 0 = as fast as it comes. */
  #slowRate = 0;
  #slowSockets = new Set<Socket>();
  #slowTimer: NodeJS.Timeout | undefined;

  responses = 0;
  errors = 0;
  nextServed = 0;
  bodyBytes = 0;

  constructor() {
    this.#server = createServer({ noDelay: true }, (socket) => this.#accept(socket));
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => {
        const address = this.#server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  }

  close(): void {
    if (this.#slowTimer) clearInterval(this.#slowTimer);
    this.#server.close();
  }

  setListener(listener: FakeApiListener): void {
    this.#listener = listener;
  }

  /** The event every `/next` returns from now on. */
  setEvent(event: Buffer): void {
    this.#event = event;
  }

  setSlowRate(bytesPerSecond: number): void {
    this.#slowRate = bytesPerSecond;
    // Back to full speed: a socket the throttle paused would wait forever for a tick that adds nothing.
    if (bytesPerSecond <= 0) {
      for (const socket of this.#slowSockets) socket.resume();
      this.#slowSockets.clear();
      if (this.#slowTimer) clearInterval(this.#slowTimer);
      this.#slowTimer = undefined;
    }
  }

  /** Resets counters and budget; parked `/next` requests stay parked. */
  reset(): void {
    this.responses = 0;
    this.errors = 0;
    this.nextServed = 0;
    this.bodyBytes = 0;
    this.#budget = 0;
  }

  /** Allows `n` more events (Infinity: unlimited) and releases parked `/next` requests. */
  serve(n: number): void {
    this.#budget += n;
    while (this.#budget > 0 && this.#parked.length > 0) {
      const socket = this.#parked.shift()!;
      if (!socket.destroyed) this.#sendEvent(socket);
    }
  }

  #sendEvent(socket: Socket): void {
    this.#budget--;
    this.nextServed++;
    const id = ++this.#id;
    const head =
      'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n' +
      `Lambda-Runtime-Aws-Request-Id: 00000000-0000-4000-8000-${String(id).padStart(12, '0')}\r\n` +
      `Lambda-Runtime-Deadline-Ms: ${Date.now() + 900_000}\r\n` +
      `Lambda-Runtime-Invoked-Function-Arn: ${ARN}\r\nLambda-Runtime-Trace-Id: ${traceId(id)}\r\n` +
      `Content-Length: ${this.#event.length}\r\n\r\n`;
    const out = Buffer.allocUnsafe(head.length + this.#event.length);
    out.write(head, 0, 'latin1');
    this.#event.copy(out, head.length);
    socket.write(out);
    this.lastEventAt = now();
  }

  #accept(socket: Socket): void {
    socket.on('error', () => {});
    socket.on('close', () => {
      const i = this.#parked.indexOf(socket);
      if (i >= 0) this.#parked.splice(i, 1);
      this.#slowSockets.delete(socket);
    });
    const conn = new Connection(socket, this);
    socket.on('data', (chunk: Buffer) => conn.onData(chunk));
  }

  /** Called by a connection for each complete request head. */
  onNext(socket: Socket): void {
    if (this.#budget > 0) this.#sendEvent(socket);
    else this.#parked.push(socket);
  }

  onPostDone(socket: Socket, isError: boolean): void {
    if (isError) this.errors++;
    else this.responses++;
    socket.write(ACCEPTED);
    if (!isError) this.#listener.onResponse?.(this.responses, now());
  }

  onStreamEnd(stats: StreamStats): void {
    this.#listener.onStreamEnd?.(stats);
  }

  /** Streamed bodies: throttle the socket when a slow read rate is set. */
  throttle(socket: Socket, bytes: number, conn: Connection): void {
    if (this.#slowRate <= 0) return;
    conn.allowance -= bytes;
    if (conn.allowance <= 0 && !socket.isPaused()) {
      socket.pause();
      this.#slowSockets.add(socket);
      this.#slowTimer ??= setInterval(() => this.#tick(), 10);
    }
  }

  #tick(): void {
    const perTick = this.#slowRate / 100;
    for (const socket of this.#slowSockets) {
      const conn = connections.get(socket);
      if (conn === undefined) continue;
      conn.allowance += perTick;
      if (conn.allowance > 0) {
        this.#slowSockets.delete(socket);
        socket.resume();
      }
    }
    if (this.#slowSockets.size === 0 && this.#slowTimer) {
      clearInterval(this.#slowTimer);
      this.#slowTimer = undefined;
    }
  }
}

const connections = new WeakMap<Socket, Connection>();

const P_HEAD = 0;
const P_BODY = 1;
const P_CHUNK_SIZE = 2;
const P_CHUNK_DATA = 3;
const P_CHUNK_CRLF = 4;
const P_TRAILERS = 5;

/** One connection's request parser: counts bodies, keeps only the heads. */
class Connection {
  readonly #socket: Socket;
  readonly #api: FakeRuntimeApi;
  #state = P_HEAD;
  #pending: Buffer | undefined;
  #left = 0;
  #isError = false;
  #line = '';
  #stream: StreamStats | undefined;
  allowance = 0;

  constructor(socket: Socket, api: FakeRuntimeApi) {
    this.#socket = socket;
    this.#api = api;
    connections.set(socket, this);
  }

  onData(chunk: Buffer): void {
    let buf = chunk;
    if (this.#pending !== undefined) {
      buf = Buffer.concat([this.#pending, chunk]);
      this.#pending = undefined;
    }
    let pos = 0;
    while (pos < buf.length) {
      switch (this.#state) {
        case P_HEAD: {
          const end = buf.indexOf(CRLFCRLF, pos);
          if (end < 0) {
            this.#pending = buf.subarray(pos);
            return;
          }
          this.#head(buf.toString('latin1', pos, end));
          pos = end + 4;
          break;
        }
        case P_BODY: {
          const take = Math.min(this.#left, buf.length - pos);
          this.#left -= take;
          pos += take;
          this.#api.bodyBytes += take;
          if (this.#left === 0) {
            this.#state = P_HEAD;
            this.#api.onPostDone(this.#socket, this.#isError);
          }
          break;
        }
        case P_CHUNK_SIZE: {
          const eol = buf.indexOf(10, pos);
          if (eol < 0) {
            this.#line += buf.toString('latin1', pos);
            return;
          }
          const line = this.#line + buf.toString('latin1', pos, eol);
          this.#line = '';
          pos = eol + 1;
          const size = Number.parseInt(line, 16);
          if (size === 0) this.#state = P_TRAILERS;
          else {
            this.#left = size;
            this.#state = P_CHUNK_DATA;
          }
          break;
        }
        case P_CHUNK_DATA: {
          const take = Math.min(this.#left, buf.length - pos);
          const stream = this.#stream!;
          if (stream.bytes === 0 && take > 0) {
            stream.firstByteAt = now();
          }
          stream.bytes += take;
          this.#api.bodyBytes += take;
          this.#api.throttle(this.#socket, take, this);
          this.#left -= take;
          pos += take;
          if (this.#left === 0) this.#state = P_CHUNK_CRLF;
          break;
        }
        case P_CHUNK_CRLF: {
          if (buf[pos] === 10) this.#state = P_CHUNK_SIZE;
          pos++;
          break;
        }
        case P_TRAILERS: {
          const eol = buf.indexOf(10, pos);
          if (eol < 0) {
            this.#line += buf.toString('latin1', pos);
            return;
          }
          const line = this.#line + buf.toString('latin1', pos, eol);
          this.#line = '';
          pos = eol + 1;
          if (line === '' || line === '\r') {
            this.#state = P_HEAD;
            const stream = this.#stream!;
            this.#stream = undefined;
            stream.endAt = now();
            this.#api.onStreamEnd(stream);
            this.#api.onPostDone(this.#socket, this.#isError);
          }
          break;
        }
      }
    }
  }

  #head(head: string): void {
    if (head.charCodeAt(0) === 71 /* G */) {
      this.#api.onNext(this.#socket);
      return;
    }
    this.#isError = head.includes('/error ');
    const m = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (m) {
      this.#left = Number(m[1]);
      if (this.#left === 0) this.#api.onPostDone(this.#socket, this.#isError);
      else this.#state = P_BODY;
      return;
    }
    if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      this.#stream = { bytes: 0, eventAt: this.#api.lastEventAt, headAt: now(), firstByteAt: 0n, endAt: 0n };
      this.allowance = 0;
      this.#state = P_CHUNK_SIZE;
      return;
    }
    this.#api.onPostDone(this.#socket, this.#isError);
  }
}
