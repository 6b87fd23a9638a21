import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConditionWaiters } from './condition-waiters.ts';

/** One request the bootstrap made, as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as it arrived, one entry per `data` event, with the time it arrived. */
  readonly chunks: ReadonlyArray<{ readonly at: number; readonly data: Buffer }>;
  readonly body: Buffer;
  readonly trailers: Readonly<Record<string, string | undefined>>;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Which TCP connection carried it (1, 2, ...): keep-alive shows as one number for many requests. */
  readonly connection: number;
}

export interface QueuedInvocation {
  readonly requestId: string;
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

export type Outcome =
  | { readonly kind: 'response'; readonly request: RecordedRequest }
  | { readonly kind: 'error'; readonly request: RecordedRequest };

const PREFIX = '/2018-06-01/runtime';

/**
 * A real Runtime API for one bootstrap: hands out queued invocations on /next (holding the long poll
 * while the queue is empty), records every request byte for byte, answers as Lambda does.
 */
export class FakeRuntimeApi {
  readonly requests: RecordedRequest[] = [];
  readonly outcomes = new Map<string, Outcome>();
  initError: RecordedRequest | undefined;
  nextCalls = 0;

  readonly #server: Server;
  readonly #queue: QueuedInvocation[] = [];
  readonly #waitingNext: ServerResponse[] = [];
  readonly #answered = new Set<string>();
  readonly #waiters = new ConditionWaiters();
  #connections = 0;

  constructor() {
    this.#server = createServer((req, res) => this.#handle(req, res));
    this.#server.on('connection', (socket) => {
      this.#connections += 1;
      (socket as unknown as { connectionNumber: number }).connectionNumber = this.#connections;
    });
    this.#server.keepAliveTimeout = 60_000;
  }

  async listen(): Promise<string> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    const { port } = this.#server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  enqueue(invocation: QueuedInvocation): void {
    const waiting = this.#waitingNext.shift();
    if (waiting) this.#sendInvocation(waiting, invocation);
    else this.#queue.push(invocation);
  }

  /** Resolves true when `predicate` holds (re-checked after every request), false after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    return this.#waiters.waitFor(predicate, timeoutMs);
  }

  /** Re-checks every waitFor predicate (for conditions that change outside a request). */
  poke(): void {
    this.#notify();
  }

  /** Number of /next long polls currently held open. */
  get pendingNext(): number {
    return this.#waitingNext.length;
  }

  async close(): Promise<void> {
    for (const res of this.#waitingNext.splice(0)) res.destroy();
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close').catch(() => {});
  }

  #notify(): void {
    this.#waiters.notify();
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const startedAt = performance.now();
    const chunks: Array<{ at: number; data: Buffer }> = [];
    req.on('data', (data: Buffer) => chunks.push({ at: performance.now(), data }));
    req.on('end', () => {
      const record: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: { ...req.headers },
        chunks,
        body: Buffer.concat(chunks.map((c) => c.data)),
        trailers: { ...req.trailers },
        startedAt,
        endedAt: performance.now(),
        connection: (req.socket as unknown as { connectionNumber: number }).connectionNumber,
      };
      this.requests.push(record);
      this.#route(record, res);
      this.#notify();
    });
  }

  #route(record: RecordedRequest, res: ServerResponse): void {
    const { method, path } = record;
    if (method === 'GET' && path === `${PREFIX}/invocation/next`) {
      this.nextCalls += 1;
      if (this.initError) {
        this.#json(res, 403, { errorType: 'InvalidStateTransition', errorMessage: 'init failed' });
        return;
      }
      const invocation = this.#queue.shift();
      if (invocation) this.#sendInvocation(res, invocation);
      else this.#waitingNext.push(res);
      return;
    }
    if (method === 'POST' && path === `${PREFIX}/init/error`) {
      this.initError = record;
      this.#json(res, 202, { status: 'OK' });
      return;
    }
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (method === 'POST' && match) {
      const requestId = decodeURIComponent(match[1]!);
      if (this.#answered.has(requestId)) {
        this.#json(res, 403, { errorType: 'InvalidStateTransition', errorMessage: 'already answered' });
        return;
      }
      this.#answered.add(requestId);
      this.outcomes.set(requestId, { kind: match[2] === 'response' ? 'response' : 'error', request: record });
      this.#json(res, 202, { status: 'OK' });
      return;
    }
    this.#json(res, 404, { errorType: 'NotFound', errorMessage: `no route ${method} ${path}` });
  }

  #sendInvocation(res: ServerResponse, invocation: QueuedInvocation): void {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': invocation.body.length,
      'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
      ...invocation.headers,
    });
    res.end(invocation.body);
  }

  #json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }
}
