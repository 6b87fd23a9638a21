import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConditionWaiters } from '../condition-waiters.ts';
import type { QueuedInvocation, RecordedRequest } from '../fake-runtime-api.ts';

const PREFIX = '/2018-06-01/runtime';

/** Which Runtime API call a request is. */
export type CallKind = 'next' | 'response' | 'error' | 'init-error' | 'unknown';

/** What a fault hook sees about the request it may take over. */
export interface CallInfo {
  readonly kind: CallKind;
  /** 0-based count of this kind of call so far (the first `/next` is 0). */
  readonly index: number;
  readonly requestId: string | undefined;
  /** `Lambda-Runtime-Function-Response-Mode: streaming`. */
  readonly streaming: boolean;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly socket: Socket;
}

/**
 * A fault hook: return `true` when it took the request over (answered, cut, reset it), anything else to
 * let the well-behaved Runtime API answer. Called when the request head arrives, before its body.
 */
export type FaultHook = (call: CallInfo, api: FaultyRuntimeApi) => boolean | undefined;

/** An answer to a `/response` or `/error` post that the well-behaved API accepted. */
export interface FaultOutcome {
  readonly kind: 'response' | 'error';
  readonly request: RecordedRequest;
}

/**
 * A real Runtime API that can misbehave on demand: the well-behaved part hands out queued invocations
 * and records every request (like `FakeRuntimeApi`); a hook takes over any call to answer with a wrong
 * status, raw malformed bytes, a cut or reset connection. It can start listening late and disappear.
 */
export class FaultyRuntimeApi {
  readonly requests: RecordedRequest[] = [];
  /** Every accepted answer per request id, in order: more than one means a double answer. */
  readonly outcomes = new Map<string, FaultOutcome[]>();
  /** Requests whose connection died before they completed (the hook cut them, or the client did). */
  readonly aborted: Array<{ kind: CallKind; path: string; bytes: number }> = [];
  initErrors: RecordedRequest[] = [];
  readonly counts: Record<CallKind, number> = { next: 0, response: 0, error: 0, 'init-error': 0, unknown: 0 };

  hook: FaultHook | undefined;

  readonly #server: Server;
  readonly #queue: QueuedInvocation[] = [];
  readonly #waitingNext: ServerResponse[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #inFlight = new WeakMap<Socket, number>();
  readonly #waiters = new ConditionWaiters();
  #port = 0;
  #gone = false;

  constructor(hook?: FaultHook) {
    this.hook = hook;
    this.#server = createServer({ maxHeaderSize: 1024 * 1024 + 64 * 1024 }, (req, res) =>
      this.#handle(req, res),
    );
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => {
        this.#sockets.delete(socket);
        this.#notify();
      });
    });
    this.#server.keepAliveTimeout = 60_000;
    this.#server.requestTimeout = 0;
  }

  /** A free port on 127.0.0.1 for `listen()` later: the "not listening yet" fault. */
  async reservePort(): Promise<number> {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    this.#port = (probe.address() as AddressInfo).port;
    probe.close();
    await once(probe, 'close');
    return this.#port;
  }

  /** Listens on 127.0.0.1 (on the reserved port if there is one); returns `host:port`. */
  async listen(): Promise<string> {
    this.#server.listen(this.#port, '127.0.0.1');
    await once(this.#server, 'listening');
    this.#port = (this.#server.address() as AddressInfo).port;
    return this.address;
  }

  get address(): string {
    return `127.0.0.1:${this.#port}`;
  }

  get listening(): boolean {
    return this.#server.listening;
  }

  enqueue(invocation: QueuedInvocation): void {
    const waiting = this.#waitingNext.shift();
    if (waiting) this.sendInvocation(waiting, invocation);
    else this.#queue.push(invocation);
  }

  /** Long polls held open right now. */
  get pendingNext(): number {
    return this.#waitingNext.length;
  }

  /** Open TCP connections from the runtime. */
  get openConnections(): number {
    return this.#sockets.size;
  }

  /** Closes `socket` if no request is being served on it (an idle keep-alive connection); true if it did. */
  dropIfIdle(socket: Socket): boolean {
    if ((this.#inFlight.get(socket) ?? 0) > 0) return false;
    socket.destroy();
    return true;
  }

  /** The Runtime API vanishes: stops listening, resets every connection. */
  async disappear(): Promise<void> {
    this.#gone = true;
    this.#waitingNext.splice(0);
    for (const socket of this.#sockets) socket.resetAndDestroy();
    if (this.#server.listening) {
      this.#server.close();
      await once(this.#server, 'close').catch(() => {});
    }
    this.#notify();
  }

  async close(): Promise<void> {
    if (this.#gone) return;
    this.#gone = true;
    this.#waitingNext.splice(0);
    for (const socket of this.#sockets) socket.destroy();
    if (this.#server.listening) {
      this.#server.close();
      await once(this.#server, 'close').catch(() => {});
    }
  }

  /** Resolves true when `predicate` holds (re-checked on every request and connection close), false after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    return this.#waiters.waitFor(predicate, timeoutMs);
  }

  poke(): void {
    this.#notify();
  }

  /** The well-behaved answer to `/next`. */
  sendInvocation(res: ServerResponse, invocation: QueuedInvocation): void {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': invocation.body.length,
      'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
      ...invocation.headers,
    });
    res.end(invocation.body);
  }

  /** Takes the next queued invocation off the queue (for hooks that answer `/next` their own way). */
  takeInvocation(): QueuedInvocation | undefined {
    return this.#queue.shift();
  }

  json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  #notify(): void {
    this.#waiters.notify();
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '';
    const method = req.method ?? '';
    let kind: CallKind = 'unknown';
    let requestId: string | undefined;
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (method === 'GET' && path === `${PREFIX}/invocation/next`) kind = 'next';
    else if (method === 'POST' && path === `${PREFIX}/init/error`) kind = 'init-error';
    else if (method === 'POST' && match) {
      kind = match[2] === 'response' ? 'response' : 'error';
      requestId = decodeURIComponent(match[1]!);
    }
    const index = this.counts[kind]++;
    const streaming = req.headers['lambda-runtime-function-response-mode'] === 'streaming';
    const startedAt = performance.now();
    const chunks: Array<{ at: number; data: Buffer }> = [];
    let bytes = 0;
    req.on('data', (data: Buffer) => {
      chunks.push({ at: performance.now(), data });
      bytes += data.length;
    });
    let complete = false;
    req.on('close', () => {
      if (!complete) {
        this.aborted.push({ kind, path, bytes });
        this.#notify();
      }
    });
    const socket = req.socket;
    this.#inFlight.set(socket, (this.#inFlight.get(socket) ?? 0) + 1);
    res.on('close', () => this.#inFlight.set(socket, (this.#inFlight.get(socket) ?? 1) - 1));
    const taken = this.hook?.({ kind, index, requestId, streaming, req, res, socket }, this) === true;
    req.on('end', () => {
      complete = true;
      const record: RecordedRequest = {
        method,
        path,
        headers: { ...req.headers },
        chunks,
        body: Buffer.concat(chunks.map((c) => c.data)),
        trailers: { ...req.trailers },
        startedAt,
        endedAt: performance.now(),
        connection: 0,
      };
      this.requests.push(record);
      if (!taken) this.#route(kind, requestId, record, res);
      this.#notify();
    });
    if (this.#gone) socket.destroy();
    this.#notify();
  }

  #route(kind: CallKind, requestId: string | undefined, record: RecordedRequest, res: ServerResponse): void {
    if (kind === 'next') {
      if (this.initErrors.length > 0) {
        this.json(res, 403, { errorType: 'InvalidStateTransition', errorMessage: 'init failed' });
        return;
      }
      const invocation = this.#queue.shift();
      if (invocation) this.sendInvocation(res, invocation);
      else this.#waitingNext.push(res);
      return;
    }
    if (kind === 'init-error') {
      this.initErrors.push(record);
      this.json(res, 202, { status: 'OK' });
      return;
    }
    if ((kind === 'response' || kind === 'error') && requestId !== undefined) {
      const list = this.outcomes.get(requestId) ?? [];
      list.push({ kind, request: record });
      this.outcomes.set(requestId, list);
      if (list.length > 1) {
        this.json(res, 403, { errorType: 'InvalidStateTransition', errorMessage: 'already answered' });
        return;
      }
      this.json(res, 202, { status: 'OK' });
      return;
    }
    this.json(res, 404, { errorType: 'NotFound', errorMessage: `no route ${record.method} ${record.path}` });
  }
}
