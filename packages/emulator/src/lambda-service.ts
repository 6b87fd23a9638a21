import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { type ErrorBody, header, readBody, sendJson } from './http-util.ts';
import { functionArn } from './ids.ts';
import { ERROR_BODY_TRAILER, ERROR_TYPE_TRAILER, type Invocation } from './invocation.ts';
import {
  INIT_TIMEOUT_SECONDS,
  KILL_GRACE_MS,
  MAX_BUFFERED_RESPONSE_BYTES,
  MAX_STREAMED_RESPONSE_BYTES,
} from './limits.ts';
import type { LaunchCommand, ResolvedOptions } from './options.ts';
import { runtimeEnvironment } from './runtime-environment.ts';
import {
  exitError,
  initTimeoutError,
  RUNTIME_INVALID_REQUEST_ID,
  RUNTIME_INVALID_STATE,
  RUNTIME_TOO_LARGE,
  responseTooLargeError,
  timeoutError,
  truncatedResponseError,
  unknownError,
} from './runtime-errors.ts';
import { type ProcessExit, RuntimeProcess } from './runtime-process.ts';

/** One runtime process and what the service knows about it. */
interface Generation {
  process: RuntimeProcess;
  startedAt: number;
  /** Set by the first `/next`: init is over. */
  initialized: boolean;
  initDurationMs: number | undefined;
  initError: Buffer | undefined;
  /** Being killed (timeout, init error, init timeout, close): hand it no more work. */
  dying: boolean;
  initTimer: NodeJS.Timeout | undefined;
}

/** Ids remembered to tell "unknown id" (400) from "already answered" (403). */
const KNOWN_IDS_KEPT = 1000;

const ACCEPTED = { status: 'OK' };

/**
 * The Lambda service for one function: a FIFO queue of invokes, served one at a time by one runtime
 * process, started lazily and restarted after a timeout, a crash or an init error.
 */
export class LambdaService {
  #options: ResolvedOptions;
  #runtimeApiAddress = '';
  #queue: Invocation[] = [];
  #current: Invocation | undefined;
  #currentTimer: NodeJS.Timeout | undefined;
  #responding: Promise<void> | undefined;
  #waiters: ServerResponse[] = [];
  #generation: Generation | undefined;
  #known = new Map<string, Invocation>();
  #closed = false;

  constructor(options: ResolvedOptions) {
    this.#options = options;
  }

  set runtimeApiAddress(address: string) {
    this.#runtimeApiAddress = address;
  }

  get closed(): boolean {
    return this.#closed;
  }

  isKnown(id: string): boolean {
    return this.#known.has(id);
  }

  /** Queues an invoke; it is answered exactly once, in FIFO order with the others. */
  enqueue(invocation: Invocation): void {
    this.#remember(invocation);
    this.#queue.push(invocation);
    this.#ensureRuntime();
    this.#dispatch();
  }

  /** The caller went away before its invoke was handed to the runtime: drop it. */
  cancel(invocation: Invocation): void {
    if (invocation.state !== 'queued') return;
    const index = this.#queue.indexOf(invocation);
    if (index >= 0) this.#queue.splice(index, 1);
    invocation.state = 'done';
  }

  // --- Runtime API ---

  handleNext(_req: IncomingMessage, res: ServerResponse): void {
    const generation = this.#generation;
    if (!generation) {
      sendJson(res, 500, { errorMessage: 'No runtime is expected', errorType: 'Runtime.Unavailable' });
      return;
    }
    if (generation.initError) {
      sendJson(res, 403, RUNTIME_INVALID_STATE);
      return;
    }
    if (!generation.initialized) {
      generation.initialized = true;
      generation.initDurationMs = performance.now() - generation.startedAt;
      clearTimeout(generation.initTimer);
    }
    this.#waiters.push(res);
    res.once('close', () => {
      const index = this.#waiters.indexOf(res);
      if (index >= 0) this.#waiters.splice(index, 1);
    });
    this.#dispatch();
  }

  async handleResponse(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const invocation = this.#claim(id, req, res);
    if (!invocation) return;
    const streaming = header(req, 'lambda-runtime-function-response-mode')?.toLowerCase() === 'streaming';
    const work = streaming
      ? this.#streamResponse(invocation, req, res)
      : this.#bufferedResponse(invocation, req, res);
    await this.#track(invocation, work);
  }

  async handleError(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const invocation = this.#claim(id, req, res);
    if (!invocation) return;
    await this.#track(
      invocation,
      (async () => {
        const { body, size, overflow, complete } = await readBody(req, MAX_BUFFERED_RESPONSE_BYTES);
        if (!complete) return this.#truncated(invocation);
        if (overflow) {
          invocation.fail(responseTooLargeError(size, MAX_BUFFERED_RESPONSE_BYTES));
          sendJson(res, 413, RUNTIME_TOO_LARGE, { Connection: 'close' });
          return;
        }
        const wasDone = invocation.done;
        const type = header(req, 'lambda-runtime-function-error-type');
        invocation.fail(body.length > 0 ? body : unknownError(type));
        sendJson(res, wasDone ? 403 : 202, wasDone ? RUNTIME_INVALID_STATE : ACCEPTED);
      })(),
    );
  }

  async handleInitError(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const generation = this.#generation;
    if (!generation || generation.initialized || generation.initError || generation.dying) {
      req.resume();
      sendJson(res, 403, RUNTIME_INVALID_STATE);
      return;
    }
    const { body, overflow } = await readBody(req, MAX_BUFFERED_RESPONSE_BYTES);
    if (overflow) {
      sendJson(res, 413, RUNTIME_TOO_LARGE, { Connection: 'close' });
      return;
    }
    const type = header(req, 'lambda-runtime-function-error-type');
    const error = body.length > 0 ? body : Buffer.from(JSON.stringify(unknownError(type)));
    generation.initError = error;
    generation.dying = true;
    clearTimeout(generation.initTimer);
    sendJson(res, 202, ACCEPTED);
    this.#log(
      `INIT_REPORT Init Duration: ${(performance.now() - generation.startedAt).toFixed(2)} ms Phase: init Status: error`,
    );
    // The invoke that triggered this init gets the error; the runtime should exit by itself, and
    // is killed otherwise. The next invoke starts a fresh runtime, which inits again (as Lambda does).
    this.#nextWaiting()?.fail(error);
    void Promise.race([generation.process.exited, delay(KILL_GRACE_MS)]).then(() =>
      generation.process.kill(),
    );
  }

  // --- Lifecycle ---

  /** Answers every queued and running invoke with 503 and stops the runtime process. */
  async close(): Promise<void> {
    this.#closed = true;
    const gone: ErrorBody = { errorType: 'ServiceException', errorMessage: 'The Lambda emulator was closed' };
    for (const invocation of this.#queue.splice(0)) invocation.reject(503, gone);
    this.#current?.reject(503, gone);
    clearTimeout(this.#currentTimer);
    const generation = this.#generation;
    if (generation) {
      generation.dying = true;
      clearTimeout(generation.initTimer);
      await generation.process.kill();
      // Let the exit handler run (it destroys held /next requests).
      await delay(0);
    }
  }

  #ensureRuntime(): void {
    if (this.#closed || this.#generation || this.#queue.length === 0) return;
    const env = runtimeEnvironment(this.#options, this.#runtimeApiAddress);
    const options = this.#options;
    const launch: LaunchCommand = options.launch
      ? { cwd: options.taskRoot, env: { ...process.env } as Record<string, string>, ...options.launch(env) }
      : { command: options.bootstrap, args: [], env, cwd: options.taskRoot };
    const generation: Generation = {
      process: new RuntimeProcess({ launch, stdout: options.stdout, stderr: options.stderr }),
      startedAt: performance.now(),
      initialized: false,
      initDurationMs: undefined,
      initError: undefined,
      dying: false,
      initTimer: undefined,
    };
    generation.initTimer = setTimeout(() => this.#onInitTimeout(generation), INIT_TIMEOUT_SECONDS * 1000);
    this.#generation = generation;
    void generation.process.exited.then((exit) => this.#onExit(generation, exit));
  }

  /** Hands queued invokes to waiting `/next` calls, one at a time. */
  #dispatch(): void {
    const generation = this.#generation;
    while (!this.#current && this.#waiters.length > 0 && generation && !generation.dying) {
      const invocation = this.#nextWaiting();
      if (!invocation) return;
      const res = this.#waiters.shift()!;
      if (res.destroyed || res.writableEnded) {
        this.#queue.unshift(invocation);
        continue;
      }
      this.#deliver(invocation, res, generation);
    }
  }

  /** The first queued invoke whose caller still waits (async invokes have none and always count). */
  #nextWaiting(): Invocation | undefined {
    for (;;) {
      const invocation = this.#queue.shift();
      if (!invocation) return undefined;
      if (invocation.done) continue;
      return invocation;
    }
  }

  #deliver(invocation: Invocation, res: ServerResponse, generation: Generation): void {
    const options = this.#options;
    const now = Date.now();
    invocation.state = 'running';
    invocation.startedAt = performance.now();
    invocation.deadlineMs = now + Math.round(options.timeoutSeconds * 1000);
    this.#current = invocation;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Content-Length': String(invocation.event.length),
      'Lambda-Runtime-Aws-Request-Id': invocation.id,
      'Lambda-Runtime-Deadline-Ms': String(invocation.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': functionArn(options.region, options.functionName),
      'Lambda-Runtime-Trace-Id': invocation.traceId,
    };
    if (invocation.clientContext !== undefined)
      headers['Lambda-Runtime-Client-Context'] = invocation.clientContext;
    if (invocation.cognitoIdentity !== undefined) {
      headers['Lambda-Runtime-Cognito-Identity'] = invocation.cognitoIdentity;
    }
    this.#log(`START RequestId: ${invocation.id} Version: ${options.functionVersion}`);
    res.writeHead(200, headers);
    res.end(invocation.event);
    this.#currentTimer = setTimeout(
      () => this.#onTimeout(invocation, generation),
      options.timeoutSeconds * 1000,
    );
  }

  /** Validates the id of a `/response` or `/error` call and marks the invoke as being answered. */
  #claim(id: string, req: IncomingMessage, res: ServerResponse): Invocation | undefined {
    const invocation = this.#known.get(id);
    if (!invocation) {
      req.resume();
      sendJson(res, 400, RUNTIME_INVALID_REQUEST_ID);
      return undefined;
    }
    if (invocation !== this.#current || invocation.state !== 'running') {
      req.resume();
      sendJson(res, 403, RUNTIME_INVALID_STATE);
      return undefined;
    }
    invocation.state = 'responding';
    return invocation;
  }

  async #track(invocation: Invocation, work: Promise<void>): Promise<void> {
    this.#responding = work;
    try {
      await work;
    } finally {
      if (this.#responding === work) this.#responding = undefined;
      this.#settled(invocation);
    }
  }

  async #bufferedResponse(invocation: Invocation, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body, size, overflow, complete } = await readBody(req, MAX_BUFFERED_RESPONSE_BYTES);
    if (!complete) return this.#truncated(invocation);
    if (overflow) {
      invocation.fail(responseTooLargeError(size, MAX_BUFFERED_RESPONSE_BYTES));
      sendJson(res, 413, RUNTIME_TOO_LARGE, { Connection: 'close' });
      return;
    }
    const wasDone = invocation.done;
    const errorType = trailer(req, ERROR_TYPE_TRAILER);
    if (errorType) invocation.fail(errorBodyFromTrailers(req, errorType));
    else invocation.succeed(body, header(req, 'content-type'));
    sendJson(res, wasDone ? 403 : 202, wasDone ? RUNTIME_INVALID_STATE : ACCEPTED);
  }

  /** Pipes a streamed response to the caller as it arrives, with backpressure; errors become trailers. */
  async #streamResponse(invocation: Invocation, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const contentType = header(req, 'content-type') ?? 'application/octet-stream';
    let size = 0;
    let overflow = false;
    const complete = await new Promise<boolean>((resolve) => {
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (invocation.done || overflow) return;
        if (size > MAX_STREAMED_RESPONSE_BYTES) {
          overflow = true;
          const error = responseTooLargeError(size, MAX_STREAMED_RESPONSE_BYTES);
          invocation.startStream(contentType);
          invocation.fail(error);
          return;
        }
        invocation.startStream(contentType);
        if (!invocation.write(chunk)) {
          req.pause();
          invocation.onceWritable(() => req.resume());
        }
      });
      req.once('end', () => resolve(true));
      req.once('close', () => resolve(req.complete));
    });
    if (!complete) return this.#truncated(invocation);
    if (overflow) {
      sendJson(res, 413, RUNTIME_TOO_LARGE, { Connection: 'close' });
      return;
    }
    const wasDone = invocation.done;
    const errorType = trailer(req, ERROR_TYPE_TRAILER);
    if (errorType) {
      // Before any byte reached the caller this is a plain function error; after, trailers.
      invocation.fail(errorBodyFromTrailers(req, errorType));
    } else {
      invocation.startStream(contentType);
      invocation.endStream();
    }
    sendJson(res, wasDone ? 403 : 202, wasDone ? RUNTIME_INVALID_STATE : ACCEPTED);
  }

  /** The runtime's POST ended early: if the runtime died, the exit handler reports it; else this does. */
  async #truncated(invocation: Invocation): Promise<void> {
    const generation = this.#generation;
    if (generation) await Promise.race([generation.process.exited, delay(100)]);
    if (generation?.process.running) invocation.fail(truncatedResponseError(invocation.id));
  }

  /** After a `/response` or `/error` call: the invoke is answered (or left to the exit handler). */
  #settled(invocation: Invocation): void {
    if (this.#current !== invocation) return;
    if (!invocation.done && this.#generation?.process.running) {
      // A POST ended without answering (cannot happen today): let the runtime try again.
      invocation.state = 'running';
      return;
    }
    if (!invocation.done) return; // the exit handler will answer it
    this.#finishCurrent(invocation);
  }

  #finishCurrent(invocation: Invocation): void {
    if (this.#current !== invocation) return;
    clearTimeout(this.#currentTimer);
    this.#current = undefined;
    const duration = Math.max(0, performance.now() - invocation.startedAt);
    const generation = this.#generation;
    const init =
      generation?.initDurationMs !== undefined && !generation.dying
        ? `Init Duration: ${generation.initDurationMs.toFixed(2)} ms\t`
        : '';
    if (generation) generation.initDurationMs = undefined;
    this.#log(`END RequestId: ${invocation.id}`);
    this.#log(
      `REPORT RequestId: ${invocation.id}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(duration))} ms\tMemory Size: ${this.#options.memoryMb} MB\t${init}`,
    );
    this.#dispatch();
  }

  #onTimeout(invocation: Invocation, generation: Generation): void {
    if (invocation.done || this.#current !== invocation) return;
    const seconds = this.#options.timeoutSeconds;
    this.#log(
      `${new Date().toISOString()} ${invocation.id} Task timed out after ${seconds.toFixed(2)} seconds`,
    );
    invocation.fail(timeoutError(invocation.id, seconds));
    // Lambda resets the environment after a timeout: the next invoke gets a fresh runtime.
    generation.dying = true;
    this.#finishCurrent(invocation);
    void generation.process.kill();
  }

  #onInitTimeout(generation: Generation): void {
    if (generation.initialized || generation.dying) return;
    generation.dying = true;
    this.#log(`INIT_REPORT Init Duration: ${INIT_TIMEOUT_SECONDS * 1000} ms Phase: init Status: timeout`);
    const invocation = this.#nextWaiting();
    invocation?.fail(initTimeoutError(invocation.id, INIT_TIMEOUT_SECONDS));
    void generation.process.kill();
  }

  async #onExit(generation: Generation, exit: ProcessExit): Promise<void> {
    clearTimeout(generation.initTimer);
    // A POST that was in flight when the process died finishes (or breaks) first.
    if (this.#responding) await this.#responding.catch(() => undefined);
    if (this.#generation !== generation) return;
    this.#generation = undefined;
    for (const res of this.#waiters.splice(0)) res.destroy();
    const current = this.#current;
    if (current) {
      if (!current.done) {
        const error = exitError(current.id, exit);
        this.#log(`RequestId: ${current.id} Error: ${error.errorMessage}`);
        current.fail(error);
      }
      this.#finishCurrent(current);
    } else if (!generation.initialized && !generation.dying && !this.#closed) {
      // Died during init without reporting it: the invoke that was waiting for it fails.
      const invocation = this.#nextWaiting();
      if (invocation) {
        const error = exitError(invocation.id, exit);
        this.#log(`INIT_REPORT Phase: init Status: error Error Type: ${error.errorType}`);
        invocation.fail(error);
      }
    }
    this.#ensureRuntime();
  }

  #remember(invocation: Invocation): void {
    this.#known.set(invocation.id, invocation);
    if (this.#known.size > KNOWN_IDS_KEPT) {
      for (const [id, known] of this.#known) {
        if (this.#known.size <= KNOWN_IDS_KEPT) break;
        if (known.done) this.#known.delete(id);
      }
    }
  }

  #log(line: string): void {
    this.#options.platformLog(line);
  }
}

function trailer(req: IncomingMessage, name: string): string | undefined {
  const value = req.trailers[name.toLowerCase()];
  return value === undefined || value === '' ? undefined : value;
}

function errorBodyFromTrailers(req: IncomingMessage, errorType: string): Buffer {
  const encoded = trailer(req, ERROR_BODY_TRAILER);
  if (encoded) return Buffer.from(encoded, 'base64');
  return Buffer.from(JSON.stringify({ errorType, errorMessage: '' }));
}
