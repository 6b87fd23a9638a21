import {
  formatAuthority,
  parseRuntimeApiAddress,
  type RuntimeApiAddress,
  runtimeApiAddress,
} from './address.ts';
import type { Connection, Connector } from './connection.ts';
import {
  RuntimeApiConnectionError,
  type RuntimeApiError,
  RuntimeApiProtocolError,
  RuntimeApiStatusError,
  RuntimeApiUnreachableError,
} from './errors.ts';
import { isHeaderSafe } from './header-value.ts';
import { INVOCATION_HEADERS, invocationFromHeaderValues } from './invocation-headers.ts';
import { nodeNetConnector } from './node-net-connector.ts';
import {
  ERROR_TYPE_HEADER,
  errorPath,
  INIT_ERROR_PATH,
  NEXT_PATH,
  responsePath,
  XRAY_ERROR_CAUSE_HEADER,
  XRAY_ERROR_CAUSE_MAX,
} from './paths.ts';
import { errorTypeHeader, serializeErrorBody } from './runtime-error-body.ts';
import type { Invocation, PostErrorOptions, RuntimeApiTransport, RuntimeErrorBody } from './types.ts';

export interface SocketTransportOptions {
  /** `host:port` or an address; defaults to `AWS_LAMBDA_RUNTIME_API`. */
  address?: string | RuntimeApiAddress;
  /**
   * How long the very first connect keeps retrying `ECONNREFUSED` (short exponential backoff) before
   * `RuntimeApiUnreachableError`. Default 1000 ms. Later reconnects are tried once.
   */
  connectRetryMs?: number;
  /** Opens the connection; default `node:net`. */
  connector?: Connector;
}

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
/** Largest response head accepted (bytes). */
const MAX_HEAD = 64 * 1024;
/** Bodies up to this size are copied into the request buffer (one write); larger ones use a corked writev. */
const COPY_BODY_MAX = 64 * 1024;
const EMPTY = Buffer.alloc(0);
/** Bodies up to this size are copied out of the socket's chunk rather than viewed (see bodyOf): on Bun. */
const COPY_VIEW_MAX = process.versions.bun === undefined ? 0 : 1024;
/** node:buffer's isAscii, on Node only (see #parseHead); chunks above ASCII_CHECK_MAX bytes are not checked. */
const isAscii =
  process.versions.bun === undefined
    ? (process.getBuiltinModule('node:buffer') as typeof import('node:buffer')).isAscii
    : undefined;
const ASCII_CHECK_MAX = 4096;

// Parser states.
const S_HEAD = 0;
const S_LENGTH = 1;
const S_CHUNK_SIZE = 2;
const S_CHUNK_DATA = 3;
const S_CHUNK_CRLF = 4;
const S_TRAILERS = 5;
const S_EOF = 6;

const K_NEXT = 0;
const K_POST = 1;

// The headers the parser reads, by slot: 0-6 are INVOCATION_HEADERS (kept for /next), then framing.
const H_INVOCATION_END = INVOCATION_HEADERS.length;
const H_CONTENT_LENGTH = H_INVOCATION_END;
const H_TRANSFER_ENCODING = H_INVOCATION_END + 1;
const H_CONNECTION = H_INVOCATION_END + 2;

/**
 * The headers the parser reads, in their usual spelling and lower case, listed by name length; a match
 * gives the header's slot (the values of a /next head go into an array by slot, not into an object by
 * name: keyed stores of new names cost Node about 0.4 us a head). Other spellings take the slow way.
 * A name is matched in place (`startsWith` at its offset) before anything is sliced or lower-cased, which
 * costs Bun (JSC) about 0.13 us a name, several per invocation.
 */
const KNOWN_NAMES: Array<Array<readonly [string, number]> | undefined> = [];
const SLOT_OF_LOWER = new Map<string, number>();
for (const lower of [...INVOCATION_HEADERS, 'content-length', 'transfer-encoding', 'connection']) {
  const slot = SLOT_OF_LOWER.size;
  SLOT_OF_LOWER.set(lower, slot);
  const usual = lower.replace(/(^|-)[a-z]/g, (c) => c.toUpperCase()); // Lambda-Runtime-Aws-Request-Id
  const list = KNOWN_NAMES[lower.length] ?? [];
  KNOWN_NAMES[lower.length] = list;
  list.push([usual, slot], [lower, slot]);
}

/** The slot of the header name at `text[start, end)`, any case; -1 when it is none the parser reads. */
function nameSlot(text: string, start: number, end: number): number {
  const list = KNOWN_NAMES[end - start];
  if (list === undefined) return -1;
  for (let k = 0; k < list.length; k++) {
    const known = list[k]!;
    if (text.startsWith(known[0], start)) return known[1];
  }
  return SLOT_OF_LOWER.get(text.slice(start, end).toLowerCase()) ?? -1;
}

interface Pending {
  readonly kind: number;
  readonly method: string;
  readonly path: string;
  readonly head: Buffer | string;
  readonly body: Uint8Array | undefined;
  retried: boolean;
  resolve(value: any): void;
  reject(error: Error): void;
}

/**
 * The lean transport: one keep-alive connection (`node:net` unless a `connector` is given) and a minimal HTTP/1.1 client (Content-Length and
 * chunked responses, keep-alive, `Connection: close`). Requests are written in one go, one at a time
 * (later calls queue). No timeouts: `/next` may wait for as long as the environment lives.
 *
 * An idle keep-alive connection that the server closed is replaced on the next request. A close while a
 * request is in flight is a `RuntimeApiConnectionError`, except that a `GET /next` sent on a reused
 * connection that closes before any response byte is retried once on a fresh connection (the request
 * raced with the server's idle close; the same rule as undici's for idempotent requests).
 */
export class SocketTransport implements RuntimeApiTransport {
  readonly host: string;
  readonly port: number;
  readonly #authority: string;
  readonly #nextHead: Buffer;
  readonly #connectRetryMs: number;

  readonly #connector: Connector;
  #socket: Connection | undefined;
  #connecting: Promise<Connection> | undefined;
  #everConnected = false;
  #preconnectFailure: Error | undefined;
  /** The connection has answered a request before (a pre-opened one that never has is not "reused"). */
  #reused = false;
  #closed = false;
  #pending: Pending | undefined;
  #queue: Array<() => void> = [];

  // Response parser state (one response at a time).
  #state = S_HEAD;
  #started = false;
  #headPart: Buffer | undefined;
  #status = 0;
  /** A /next head's INVOCATION_HEADERS values, by slot. */
  #values: Array<string | undefined> | undefined;
  /** The /next head is all ASCII (no value needs re-decoding as UTF-8). */
  #ascii = false;
  #keepAlive = true;
  #length = 0;
  #offset = 0;
  #bodyBuf: Buffer = EMPTY;
  #chunks: Buffer[] = [];
  #chunkLeft = 0;
  #linePart = '';

  constructor(options: SocketTransportOptions = {}) {
    const address =
      typeof options.address === 'string'
        ? parseRuntimeApiAddress(options.address)
        : (options.address ?? runtimeApiAddress());
    this.host = address.host;
    this.port = address.port;
    this.#authority = formatAuthority(address);
    this.#connectRetryMs = options.connectRetryMs ?? 1000;
    this.#connector = options.connector ?? nodeNetConnector;
    this.#nextHead = Buffer.from(`GET ${NEXT_PATH} HTTP/1.1\r\nHost: ${this.#authority}\r\n\r\n`, 'latin1');
  }

  preconnect(): void {
    if (this.#socket !== undefined || this.#closed) return;
    this.#connect().then(
      (socket) => {
        // Idle until the first request: it must not keep the process alive on its own.
        if (this.#pending === undefined) socket.unref();
      },
      (error: Error) => {
        // The first request fails with this at once instead of retrying for another connectRetryMs.
        this.#preconnectFailure = error;
      },
    );
  }

  next(): Promise<Invocation> {
    return this.#send(K_NEXT, 'GET', NEXT_PATH, this.#nextHead, undefined);
  }

  postResponse(
    requestId: string,
    body: Uint8Array | string,
    contentType = 'application/json',
  ): Promise<void> {
    if (!isHeaderSafe(contentType)) return Promise.reject(invalidContentType(contentType));
    const path = responsePath(requestId);
    if (typeof body === 'string') {
      const head =
        `POST ${path} HTTP/1.1\r\nHost: ${this.#authority}\r\nContent-Type: ${contentType}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
      // One string, one utf8 encode, one write.
      return this.#send(K_POST, 'POST', path, head + body, undefined);
    }
    const head =
      `POST ${path} HTTP/1.1\r\nHost: ${this.#authority}\r\nContent-Type: ${contentType}\r\n` +
      `Content-Length: ${body.byteLength}\r\n\r\n`;
    return this.#sendBytes(path, head, body);
  }

  postInvocationError(requestId: string, error: RuntimeErrorBody, options?: PostErrorOptions): Promise<void> {
    let extra = '';
    const cause = options?.xrayErrorCause;
    if (cause !== undefined && cause.length <= XRAY_ERROR_CAUSE_MAX && isHeaderSafe(cause)) {
      extra = `${XRAY_ERROR_CAUSE_HEADER}: ${cause}\r\n`;
    }
    return this.#postError(errorPath(requestId), error, extra);
  }

  postInitError(error: RuntimeErrorBody): Promise<void> {
    return this.#postError(INIT_ERROR_PATH, error, '');
  }

  async close(): Promise<void> {
    this.#closed = true;
    const socket = this.#socket;
    this.#socket = undefined;
    const pending = this.#pending;
    this.#pending = undefined;
    for (const waiter of this.#queue.splice(0)) waiter();
    if (socket !== undefined) socket.destroy();
    pending?.reject(
      new RuntimeApiConnectionError(`The transport was closed during ${pending.method} ${pending.path}.`),
    );
  }

  #postError(path: string, error: RuntimeErrorBody, extraHeaders: string): Promise<void> {
    const json = serializeErrorBody(error);
    const head =
      `POST ${path} HTTP/1.1\r\nHost: ${this.#authority}\r\nContent-Type: application/json\r\n` +
      `${ERROR_TYPE_HEADER}: ${errorTypeHeader(error)}\r\n${extraHeaders}` +
      `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n`;
    return this.#send(K_POST, 'POST', path, head + json, undefined);
  }

  #sendBytes(path: string, head: string, body: Uint8Array): Promise<void> {
    if (body.byteLength <= COPY_BODY_MAX) {
      const headLength = head.length; // ASCII only
      const buffer = Buffer.allocUnsafe(headLength + body.byteLength);
      buffer.write(head, 0, headLength, 'latin1');
      buffer.set(body, headLength);
      return this.#send(K_POST, 'POST', path, buffer, undefined);
    }
    return this.#send(K_POST, 'POST', path, Buffer.from(head, 'latin1'), body);
  }

  #send(
    kind: number,
    method: string,
    path: string,
    head: Buffer | string,
    body: Uint8Array | undefined,
  ): Promise<any> {
    if (this.#closed) {
      return Promise.reject(new RuntimeApiConnectionError(`${method} ${path}: the transport is closed.`));
    }
    return new Promise((resolve, reject) => {
      const pending: Pending = { kind, method, path, head, body, retried: false, resolve, reject };
      if (this.#pending === undefined && this.#queue.length === 0) this.#start(pending);
      else this.#queue.push(() => this.#start(pending));
    });
  }

  #start(pending: Pending): void {
    if (this.#closed) {
      pending.reject(
        new RuntimeApiConnectionError(`${pending.method} ${pending.path}: the transport is closed.`),
      );
      return;
    }
    this.#pending = pending;
    const socket = this.#socket;
    if (socket !== undefined) {
      this.#write(socket, pending);
      return;
    }
    this.#connect().then(
      (fresh) => {
        if (this.#pending === pending) this.#write(fresh, pending);
      },
      (error: Error) => {
        if (this.#pending !== pending) return;
        this.#pending = undefined;
        pending.reject(error);
        this.#dequeue();
      },
    );
  }

  #write(socket: Connection, pending: Pending): void {
    this.#resetParser();
    // Held while a request is out; see #complete for why it is let go when idle.
    socket.ref();
    socket.write(pending.head, pending.body);
  }

  #dequeue(): void {
    const next = this.#queue.shift();
    if (next !== undefined) next();
  }

  #connect(): Promise<Connection> {
    if (this.#connecting !== undefined) return this.#connecting;
    const failure = this.#preconnectFailure;
    if (failure !== undefined) {
      this.#preconnectFailure = undefined;
      return Promise.reject(failure);
    }
    const first = !this.#everConnected;
    const promise = this.#connectWithRetry(first ? this.#connectRetryMs : 0).finally(() => {
      this.#connecting = undefined;
    });
    this.#connecting = promise;
    return promise;
  }

  async #connectWithRetry(budgetMs: number): Promise<Connection> {
    const startedAt = Date.now();
    let delay = 10;
    for (;;) {
      try {
        const socket = await this.#connectOnce();
        this.#everConnected = true;
        this.#reused = false;
        return socket;
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code;
        const elapsed = Date.now() - startedAt;
        if (this.#closed) {
          throw new RuntimeApiConnectionError('The transport was closed while connecting.', { cause });
        }
        if (code === 'ECONNREFUSED' && elapsed + delay <= budgetMs) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, 200);
          continue;
        }
        throw new RuntimeApiUnreachableError(
          `Cannot connect to the Runtime API at ${this.#authority} (${code ?? String(cause)}` +
            (budgetMs > 0 ? `, retried for ${elapsed} ms)` : ')') +
            '; check AWS_LAMBDA_RUNTIME_API. Lambda will replace this environment; the runtime exits.',
          { cause },
        );
      }
    }
  }

  async #connectOnce(): Promise<Connection> {
    // The events find the connection through #socket: a late event of a replaced one is ignored.
    let connection: Connection | undefined;
    const opened = await this.#connector(this.host, this.port, {
      onData: (chunk) => {
        if (connection !== undefined && connection === this.#socket) this.#onData(chunk);
      },
      onClose: (error) => {
        if (connection !== undefined && connection === this.#socket) this.#onClose(error);
      },
    });
    if (this.#closed) {
      opened.destroy();
      throw new RuntimeApiConnectionError('The transport was closed while connecting.');
    }
    connection = opened;
    this.#socket = opened;
    return opened;
  }

  #onClose(cause: Error | undefined): void {
    this.#socket = undefined;
    const pending = this.#pending;
    if (pending === undefined || this.#closed) return;
    if (this.#state === S_EOF) {
      // A close-delimited body ends here.
      this.#complete(this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks));
      return;
    }
    if (!this.#started && this.#reused && pending.kind === K_NEXT && !pending.retried) {
      pending.retried = true;
      this.#pending = undefined;
      this.#start(pending);
      return;
    }
    this.#pending = undefined;
    const where = this.#started ? 'in the middle of the response to' : 'before answering';
    pending.reject(
      new RuntimeApiConnectionError(
        `The Runtime API connection closed ${where} ${pending.method} ${pending.path}` +
          `${cause ? ` (${(cause as NodeJS.ErrnoException).code ?? cause.message})` : ''}. ` +
          'Lambda will replace this environment; the runtime exits.',
        cause ? { cause } : undefined,
      ),
    );
    this.#dequeue();
  }

  #resetParser(): void {
    this.#state = S_HEAD;
    this.#started = false;
    this.#headPart = undefined;
    this.#values = undefined;
    this.#bodyBuf = EMPTY;
    this.#linePart = '';
  }

  #onData(chunk: Buffer): void {
    if (this.#pending === undefined) return; // nothing asked: ignore stray bytes
    this.#started = true;
    let buf = chunk;
    let pos = 0;
    try {
      while (pos < buf.length && this.#pending !== undefined) {
        switch (this.#state) {
          case S_HEAD: {
            if (this.#headPart !== undefined) {
              buf = Buffer.concat([this.#headPart, buf.subarray(pos)]);
              pos = 0;
              this.#headPart = undefined;
            }
            const end = buf.indexOf(CRLFCRLF, pos);
            if (end < 0) {
              if (buf.length - pos > MAX_HEAD) throw this.#protocol('response head larger than 64 KiB');
              this.#headPart = buf.subarray(pos);
              return;
            }
            this.#parseHead(buf, pos, end);
            pos = end + 4;
            const status = this.#status;
            if (status < 200) continue; // 1xx: another head follows
            if (status === 204 || status === 304) {
              this.#complete(EMPTY);
              break;
            }
            if ((this.#state as number) === S_LENGTH) {
              const length = this.#length;
              if (length === 0) {
                this.#complete(EMPTY);
              } else if (buf.length - pos >= length) {
                const body = this.#wantsBody() ? bodyOf(buf, pos, length) : EMPTY;
                pos += length;
                this.#complete(body);
              } else {
                this.#bodyBuf = Buffer.allocUnsafe(length);
                this.#offset = 0;
              }
            }
            break;
          }
          case S_LENGTH: {
            const take = Math.min(this.#length - this.#offset, buf.length - pos);
            buf.copy(this.#bodyBuf, this.#offset, pos, pos + take);
            this.#offset += take;
            pos += take;
            if (this.#offset === this.#length) this.#complete(this.#bodyBuf);
            break;
          }
          case S_CHUNK_SIZE: {
            const eol = buf.indexOf(10, pos); // '\n'
            if (eol < 0) {
              this.#linePart += buf.toString('latin1', pos);
              if (this.#linePart.length > 1024) throw this.#protocol('chunk size line too long');
              return;
            }
            const line = this.#linePart + buf.toString('latin1', pos, eol);
            this.#linePart = '';
            pos = eol + 1;
            const size = parseChunkSize(line);
            if (size < 0) throw this.#protocol(`bad chunk size ${JSON.stringify(line.slice(0, 40))}`);
            if (size === 0) {
              this.#state = S_TRAILERS;
            } else {
              this.#chunkLeft = size;
              this.#state = S_CHUNK_DATA;
            }
            break;
          }
          case S_CHUNK_DATA: {
            const take = Math.min(this.#chunkLeft, buf.length - pos);
            this.#chunks.push(buf.subarray(pos, pos + take));
            this.#length += take;
            this.#chunkLeft -= take;
            pos += take;
            if (this.#chunkLeft === 0) {
              this.#state = S_CHUNK_CRLF;
              this.#offset = 0;
            }
            break;
          }
          case S_CHUNK_CRLF: {
            // Expect "\r\n" (tolerate a bare "\n").
            const byte = buf[pos++];
            if (byte === 10) this.#state = S_CHUNK_SIZE;
            else if (byte !== 13 || this.#offset++ > 0) throw this.#protocol('missing CRLF after chunk data');
            break;
          }
          case S_TRAILERS: {
            const eol = buf.indexOf(10, pos);
            if (eol < 0) {
              this.#linePart += buf.toString('latin1', pos);
              if (this.#linePart.length > MAX_HEAD) throw this.#protocol('trailers larger than 64 KiB');
              return;
            }
            const line = this.#linePart + buf.toString('latin1', pos, eol);
            this.#linePart = '';
            pos = eol + 1;
            if (line === '' || line === '\r') {
              const chunks = this.#chunks;
              this.#complete(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#length));
            }
            break;
          }
          case S_EOF: {
            this.#chunks.push(pos === 0 ? buf : buf.subarray(pos));
            pos = buf.length;
            break;
          }
        }
      }
    } catch (error) {
      this.#fail(error as Error);
    }
  }

  /** Only an invocation's body and an error's are read: a POST's `202` body is skipped. */
  #wantsBody(): boolean {
    return this.#pending!.kind === K_NEXT || this.#status > 299;
  }

  #protocol(problem: string): RuntimeApiProtocolError {
    const pending = this.#pending;
    return new RuntimeApiProtocolError(
      `Malformed Runtime API response to ${pending?.method} ${pending?.path}: ${problem}. ` +
        'Lambda will replace this environment; the runtime exits.',
    );
  }

  /** Rejects the pending request and drops the connection (its framing can no longer be trusted). */
  #fail(error: Error): void {
    const pending = this.#pending;
    this.#pending = undefined;
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
    pending?.reject(error);
    this.#dequeue();
  }

  #parseHead(buf: Buffer, start: number, end: number): void {
    // "HTTP/1.1 200 OK"
    if (
      end - start < 12 ||
      buf[start] !== 72 || // H
      buf[start + 4] !== 47 || // /
      buf[start + 5] !== 49 || // 1
      buf[start + 6] !== 46 || // .
      buf[start + 8] !== 32
    ) {
      throw this.#protocol(
        `bad status line ${JSON.stringify(buf.toString('latin1', start, Math.min(end, start + 40)))}`,
      );
    }
    const d0 = buf[start + 9]! - 48;
    const d1 = buf[start + 10]! - 48;
    const d2 = buf[start + 11]! - 48;
    // Exactly three digits, then a space or the end of the line ("HTTP/1.1 2000 OK" is not a 200).
    const after = end - start > 12 ? buf[start + 12] : 32;
    if (d0 < 1 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || after !== 32) {
      throw this.#protocol('bad status code');
    }
    this.#status = d0 * 100 + d1 * 10 + d2;
    let keepAlive = buf[start + 7] === 49; // HTTP/1.1 keeps alive by default, 1.0 does not
    let length = -1;
    let chunked = false;
    const wantHeaders = this.#pending!.kind === K_NEXT && this.#status >= 200;
    // Only the framing headers and, for /next, the invocation's are kept: names are matched by length and
    // first letter before anything is sliced or lower-cased (this runs once per request).
    const values: Array<string | undefined> | undefined = wantHeaders
      ? [undefined, undefined, undefined, undefined, undefined, undefined, undefined]
      : undefined;

    const text = buf.toString('latin1', start, end);
    let i = text.indexOf('\r\n');
    while (i >= 0 && i < text.length) {
      i += 2;
      let eol = text.indexOf('\r\n', i);
      if (eol < 0) eol = text.length;
      const colon = text.indexOf(':', i);
      if (colon < 0 || colon > eol) {
        if (eol > i) throw this.#protocol('header line without a colon');
        i = eol;
        continue;
      }
      const nameLength = colon - i;
      const first = text.charCodeAt(i) | 0x20; // ASCII lower case
      if (first === 108 /* l */ && nameLength > 15) {
        if (values !== undefined) {
          const slot = nameSlot(text, i, colon);
          if (slot >= 0 && slot < H_INVOCATION_END && values[slot] === undefined) {
            values[slot] = text.slice(colon + 1, eol).trim();
          }
        }
      } else if (first === 99 /* c */ && nameLength === 14) {
        if (nameSlot(text, i, colon) === H_CONTENT_LENGTH) {
          const value = text.slice(colon + 1, eol).trim();
          const n = Number(value);
          if (!(n >= 0 && Number.isSafeInteger(n)) || value === '')
            throw this.#protocol('bad Content-Length');
          length = n;
        }
      } else if (first === 116 /* t */ && nameLength === 17) {
        if (nameSlot(text, i, colon) === H_TRANSFER_ENCODING) {
          chunked = text
            .slice(colon + 1, eol)
            .trim()
            .toLowerCase()
            .endsWith('chunked');
        }
      } else if (first === 99 /* c */ && nameLength === 10) {
        if (nameSlot(text, i, colon) === H_CONNECTION) {
          const v = text.slice(colon + 1, eol).toLowerCase();
          if (v.includes('close')) keepAlive = false;
          else if (v.includes('keep-alive')) keepAlive = true;
        }
      }
      i = eol;
    }
    this.#values = values;
    // One check of the whole chunk (head and, usually, the body) instead of one per value: Node's
    // regular expressions cost about 75 ns a call; Bun's are the cheaper.
    this.#ascii =
      values !== undefined && isAscii !== undefined && buf.length <= ASCII_CHECK_MAX && isAscii(buf);
    this.#keepAlive = keepAlive;
    if (this.#status < 200) return;
    if (chunked) {
      this.#state = S_CHUNK_SIZE;
      this.#chunks = [];
      this.#length = 0;
    } else if (length >= 0) {
      this.#state = S_LENGTH;
      this.#length = length;
    } else {
      this.#state = S_EOF;
      this.#chunks = [];
      this.#keepAlive = false;
    }
  }

  #complete(body: Buffer): void {
    const pending = this.#pending!;
    this.#pending = undefined;
    this.#state = S_HEAD;
    this.#chunks = [];
    this.#bodyBuf = EMPTY;
    if (!this.#keepAlive) {
      const socket = this.#socket;
      this.#socket = undefined;
      socket?.destroy();
    } else {
      this.#reused = true;
    }
    const status = this.#status;
    if (status < 200 || status > 299) {
      pending.reject(new RuntimeApiStatusError(pending.method, pending.path, status, body.toString('utf8')));
    } else if (pending.kind === K_NEXT) {
      const values = this.#values!;
      this.#values = undefined;
      try {
        pending.resolve(invocationFromHeaderValues(values, body, this.#ascii));
      } catch (error) {
        pending.reject(error as RuntimeApiError);
      }
    } else {
      pending.resolve(undefined);
    }
    this.#dequeue();
    // An idle keep-alive socket must not keep the process alive: the runtime relies on the event loop
    // running empty ('beforeExit') for callbackWaitsForEmptyEventLoop, as Node's http Agent does.
    if (this.#pending === undefined) this.#socket?.unref();
  }
}

/**
 * A body that arrived whole in `chunk`. On Bun a small one is copied: a view (`subarray`) makes JSC give
 * the chunk an ArrayBuffer first, a copy of all of it (a 17-byte event: 0.25 us more than a copy). On Node
 * a view is the cheaper (0.1 us less), and so is it on Bun for a large body.
 */
function bodyOf(chunk: Buffer, start: number, length: number): Buffer {
  if (length > COPY_VIEW_MAX) return chunk.subarray(start, start + length);
  const body = Buffer.allocUnsafe(length);
  chunk.copy(body, 0, start, start + length);
  return body;
}

/** Hex chunk size before any `;extension`; -1 when malformed. */
function parseChunkSize(line: string): number {
  let size = 0;
  let digits = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 97 && c <= 102) v = c - 87;
    else if (c >= 65 && c <= 70) v = c - 55;
    else if (c === 59 || c === 13 || c === 32 || c === 9)
      break; // ';', '\r', whitespace
    else return -1;
    size = size * 16 + v;
    if (++digits > 12) return -1;
  }
  return digits === 0 ? -1 : size;
}

function invalidContentType(value: string): TypeError {
  return new TypeError(`Invalid Content-Type header value ${JSON.stringify(value)}`);
}
