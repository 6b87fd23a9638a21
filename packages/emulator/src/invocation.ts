import type { ServerResponse } from 'node:http';
import type { ErrorBody } from './http-util.ts';

/**
 * Where an invocation is, seen from the runtime: waiting in the queue, handed out by `/next`,
 * a `/response` or `/error` POST in progress, or answered (exactly once).
 */
export type InvocationState = 'queued' | 'running' | 'responding' | 'done';

export const ERROR_TYPE_TRAILER = 'Lambda-Runtime-Function-Error-Type';
export const ERROR_BODY_TRAILER = 'Lambda-Runtime-Function-Error-Body';
export const FUNCTION_ERROR_HEADER = 'X-Amz-Function-Error';

export interface InvocationInit {
  id: string;
  event: Buffer;
  traceId: string;
  clientContext: string | undefined;
  cognitoIdentity: string | undefined;
  functionVersion: string;
  /** The invoke caller; `null` for `Event` (asynchronous) invokes, whose answer goes nowhere. */
  caller: ServerResponse | null;
}

/**
 * One invoke and its caller. Every way of answering goes through `succeed`, `fail` or the stream
 * methods, which act only while the invocation is not `done`: a caller is answered exactly once.
 */
export class Invocation {
  readonly id: string;
  readonly event: Buffer;
  readonly traceId: string;
  readonly clientContext: string | undefined;
  readonly cognitoIdentity: string | undefined;
  state: InvocationState = 'queued';
  deadlineMs = 0;
  startedAt = 0;
  /** Set once the caller has been answered with a function error. */
  functionError: ErrorBody | undefined;
  #caller: ServerResponse | null;
  #baseHeaders: Record<string, string>;
  #streaming = false;

  constructor(init: InvocationInit) {
    this.id = init.id;
    this.event = init.event;
    this.traceId = init.traceId;
    this.clientContext = init.clientContext;
    this.cognitoIdentity = init.cognitoIdentity;
    this.#caller = init.caller;
    this.#baseHeaders = { 'X-Amzn-RequestId': init.id, 'X-Amz-Executed-Version': init.functionVersion };
  }

  get done(): boolean {
    return this.state === 'done';
  }

  /** True while the caller is still connected and waiting. */
  get callerWaiting(): boolean {
    const caller = this.#caller;
    return caller !== null && !caller.destroyed && !caller.writableEnded;
  }

  /** True once streamed bytes have reached the caller (the status line is then committed). */
  get streaming(): boolean {
    return this.#streaming;
  }

  /** A buffered success: 200 and the payload as posted. */
  succeed(body: Buffer, contentType: string | undefined): void {
    if (!this.#finish()) return;
    this.#send(200, { 'Content-Type': contentType ?? 'application/json' }, body);
  }

  /**
   * A function error: 200 + `X-Amz-Function-Error: Unhandled` + the error JSON, like Lambda's Invoke API.
   * Once a stream has started, the error goes into trailers instead (see `endStream`).
   */
  fail(error: ErrorBody | Buffer): void {
    const body = Buffer.isBuffer(error) ? error : Buffer.from(JSON.stringify(error));
    this.functionError = Buffer.isBuffer(error) ? parseErrorBody(error) : error;
    if (this.#streaming) {
      this.endStream({ type: this.functionError.errorType, body });
      return;
    }
    if (!this.#finish()) return;
    this.#send(200, { 'Content-Type': 'application/json', [FUNCTION_ERROR_HEADER]: 'Unhandled' }, body);
  }

  /**
   * Starts a streamed answer (status 200, chunked, trailers announced) unless already started.
   * Called on the first streamed chunk, so an error raised before any byte is a plain function error.
   */
  startStream(contentType: string): void {
    if (this.#streaming || this.done) return;
    this.#streaming = true;
    const caller = this.#caller;
    if (!caller || caller.headersSent || caller.destroyed) return;
    caller.writeHead(200, {
      ...this.#baseHeaders,
      'Content-Type': contentType,
      'Lambda-Runtime-Function-Response-Mode': 'streaming',
      Trailer: `${ERROR_TYPE_TRAILER}, ${ERROR_BODY_TRAILER}, ${FUNCTION_ERROR_HEADER}`,
    });
    caller.flushHeaders();
  }

  /** Writes a streamed chunk; false means "wait for `drain`" (backpressure). */
  write(chunk: Buffer): boolean {
    const caller = this.#caller;
    if (this.done || !caller || caller.destroyed || caller.writableEnded) return true;
    return caller.write(chunk);
  }

  /** Calls `listener` once the caller can take more data (or has gone away). */
  onceWritable(listener: () => void): void {
    const caller = this.#caller;
    if (!caller || caller.destroyed || caller.writableEnded) {
      listener();
      return;
    }
    const fire = () => {
      caller.off('drain', fire);
      caller.off('close', fire);
      listener();
    };
    caller.on('drain', fire);
    caller.on('close', fire);
  }

  /** Ends a streamed answer; a mid-stream error becomes trailers (type, base64 body, function error). */
  endStream(error?: { type: string; body: Buffer }): void {
    if (!this.#finish()) return;
    const caller = this.#caller;
    if (!caller || caller.destroyed || caller.writableEnded) return;
    if (error) {
      this.functionError ??= parseErrorBody(error.body, error.type);
      caller.addTrailers({
        [ERROR_TYPE_TRAILER]: error.type,
        [ERROR_BODY_TRAILER]: error.body.toString('base64'),
        [FUNCTION_ERROR_HEADER]: 'Unhandled',
      });
    }
    caller.end();
  }

  /** Answers a non-function failure (the emulator closing, for example) with a status and JSON. */
  reject(statusCode: number, body: ErrorBody): void {
    if (this.#streaming) {
      this.endStream({ type: body.errorType, body: Buffer.from(JSON.stringify(body)) });
      return;
    }
    if (!this.#finish()) return;
    this.#send(statusCode, { 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify(body)));
  }

  #finish(): boolean {
    if (this.done) return false;
    this.state = 'done';
    return true;
  }

  #send(statusCode: number, headers: Record<string, string>, body: Buffer): void {
    const caller = this.#caller;
    if (!caller || caller.headersSent || caller.destroyed) return;
    caller.writeHead(statusCode, { ...this.#baseHeaders, ...headers, 'Content-Length': String(body.length) });
    caller.end(body);
  }
}

/** Reads `{errorType, errorMessage}` out of an error payload, tolerating anything. */
export function parseErrorBody(body: Buffer, fallbackType = 'Runtime.Unknown'): ErrorBody {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object') {
      const { errorType, errorMessage } = parsed as Record<string, unknown>;
      return {
        errorType: typeof errorType === 'string' ? errorType : fallbackType,
        errorMessage: typeof errorMessage === 'string' ? errorMessage : '',
      };
    }
  } catch {
    // not JSON: fall through
  }
  return { errorType: fallbackType, errorMessage: body.toString('utf8') };
}
