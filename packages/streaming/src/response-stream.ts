import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import type { RuntimeErrorBody } from '@lambda-engines/runtime-api';
import { toRuntimeErrorBody } from '@lambda-engines/runtime-api';
import {
  DEFAULT_CONTENT_TYPE,
  HEADER_RESPONSE_MODE,
  TRAILER_ERROR_BODY,
  TRAILER_ERROR_TYPE,
  VALUE_STREAMING,
} from './constants.ts';
import { errorTrailers } from './error-trailers.ts';
import {
  ContentTypeAfterWriteError,
  ResponseStreamConnectionError,
  ResponseStreamDestroyedError,
  ResponseStreamStatusError,
} from './errors.ts';
import type { BeforeFirstWriteHook } from './http-response-stream.ts';

export interface CreateResponseStreamOptions {
  /** `host:port` of the Runtime API (the value of `AWS_LAMBDA_RUNTIME_API`). */
  address: string;
  requestId: string;
  /** The stream's buffer in bytes before `write()` returns false (the handler's `streamifyResponse` option). */
  highWaterMark?: number;
  /** Initial `Content-Type`; default `application/octet-stream`. `setContentType()` may change it until the first write. */
  contentType?: string;
}

export interface ResponseStreamHandle {
  /** What the handler gets as `responseStream`. */
  stream: ResponseStream;
  /** Resolves once the body was sent and the Runtime API answered 2xx; rejects with a `StreamingError`. */
  done: Promise<void>;
  /**
   * Ends the stream with the error trailers (`Lambda-Runtime-Function-Error-Type` and `-Body`), after
   * whatever was already written. Settles like `done`. A no-op (resolving once the request settled) when
   * the stream's request was already ended.
   */
  fail(error: unknown): Promise<void>;
}

type WriteCallback = (error?: Error | null) => void;

const noop = (): void => {};

let failStream: (stream: ResponseStream, error: unknown) => Promise<void>;
let streamDone: (stream: ResponseStream) => Promise<void>;

/**
 * Opens the streamed `POST /2018-06-01/runtime/invocation/{requestId}/response` on its own connection
 * (closed afterwards, as the streaming guide asks) and returns the handler's stream with its outcome.
 */
export function createResponseStream(options: CreateResponseStreamOptions): ResponseStreamHandle {
  const stream = new ResponseStream(options);
  return { stream, done: streamDone(stream), fail: (error) => failStream(stream, error) };
}

/**
 * The `responseStream` a streaming handler writes to: a `Writable` whose every write leaves at once as one
 * HTTP chunk of the request to the Runtime API, with `write()`'s return value and `'drain'` following the
 * socket. Has AWS's extras: `setContentType()` (until the first write) and `_onBeforeFirstWrite`.
 * A `destroy(err)` by the user ends the response with `err` in the error trailers.
 */
export class ResponseStream extends Writable {
  /** Called once, right before the first body byte, with a raw writer (`HttpResponseStream` uses it). */
  _onBeforeFirstWrite: BeforeFirstWriteHook | undefined = undefined;

  readonly #request: ClientRequest;
  readonly #done: Promise<void>;
  #resolveDone: () => void = noop;
  #rejectDone: (error: Error) => void = noop;
  #settled = false;
  /** `write()` (or `end(chunk)`) was called: the content type is fixed from now on. */
  #writeCalled = false;
  /** The `_onBeforeFirstWrite` moment has passed. */
  #bodyStarted = false;
  #failure: RuntimeErrorBody | undefined;
  #requestEnded = false;
  #requestFinished = false;
  #responseReceived = false;
  #responseOk = false;
  /** The request is dead (connection error or non-2xx answer): what `done` rejected with. */
  #broken: Error | undefined;
  #pendingWrite: WriteCallback | undefined;
  #pendingFinal: WriteCallback | undefined;

  static {
    failStream = (stream, error) => stream.#fail(error);
    streamDone = (stream) => stream.#done;
  }

  constructor(options: CreateResponseStreamOptions) {
    super({ highWaterMark: options.highWaterMark, decodeStrings: true });
    this.#done = new Promise<void>((resolve, reject) => {
      this.#resolveDone = resolve;
      this.#rejectDone = reject;
    });
    // Keeps a rejection nobody awaits from becoming an unhandled rejection; awaiting `done` still rejects.
    this.#done.catch(noop);
    // Errors are reported through `done`; an unheard 'error' event must not crash the runtime.
    this.on('error', noop);

    const { host, port } = parseAddress(options.address);
    const request = httpRequest({
      host,
      port,
      method: 'POST',
      path: `/2018-06-01/runtime/invocation/${encodeURIComponent(options.requestId)}/response`,
      headers: {
        [HEADER_RESPONSE_MODE]: VALUE_STREAMING,
        'Transfer-Encoding': 'chunked',
        Trailer: `${TRAILER_ERROR_TYPE}, ${TRAILER_ERROR_BODY}`,
        'Content-Type': options.contentType || DEFAULT_CONTENT_TYPE,
        Connection: 'close',
      },
      agent: false,
    });
    this.#request = request;
    request.on('response', (response) => this.#onResponse(response));
    request.on('error', (error) =>
      this.#break(
        new ResponseStreamConnectionError(`Response stream to the Runtime API failed: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    request.on('drain', () => this.#settleWrite());
    request.on('finish', () => {
      this.#requestFinished = true;
      this.#settleWrite();
      this.#settleFinal();
      this.#maybeResolve();
    });
    request.on('close', () => {
      if (this.#settled || this.#responseOk) return;
      // With a response in hand its own events decide; without one, the connection is gone.
      if (!this.#responseReceived) {
        this.#break(
          new ResponseStreamConnectionError('The connection to the Runtime API closed before it answered'),
        );
      }
    });
  }

  /** Sets the `Content-Type` sent to the caller. Throws `ContentTypeAfterWriteError` after the first write. */
  setContentType(contentType: string): void {
    if (this.#writeCalled || this.writableEnded || this.#requestEnded || this.destroyed) {
      throw new ContentTypeAfterWriteError();
    }
    this.#request.setHeader('Content-Type', contentType);
  }

  // Like AWS's stream: a chunk that is neither a string nor bytes is written as its JSON.
  override write(
    chunk: unknown,
    encoding?: BufferEncoding | WriteCallback,
    callback?: WriteCallback,
  ): boolean {
    const ok = super.write(toChunk(chunk), encoding as BufferEncoding, callback);
    this.#writeCalled = true;
    return ok;
  }

  override end(chunk?: unknown, encoding?: unknown, callback?: unknown): this {
    if (typeof chunk === 'function') return super.end(chunk as () => void);
    let body = chunk;
    if (chunk !== undefined && chunk !== null) {
      body = toChunk(chunk);
      this.#writeCalled = true;
    }
    return super.end(body, encoding as BufferEncoding, callback as () => void);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: WriteCallback): void {
    if (this.#broken) {
      callback(this.#broken);
      return;
    }
    this.#startBody();
    if (chunk.length === 0 || this.#request.write(chunk)) {
      callback();
    } else {
      // Backpressure: the socket's buffer is full; the next chunk waits for its 'drain'.
      this.#pendingWrite = callback;
    }
  }

  override _final(callback: WriteCallback): void {
    // One turn of the event loop, so that a `fail()` right after `end()` (a handler that ends the stream
    // and then throws) still gets its error into the trailers.
    setImmediate(() => {
      if (this.#broken) {
        callback(this.#broken);
        return;
      }
      // `end()` without any write still sends what `_onBeforeFirstWrite` writes (the HTTP prelude); a
      // failure with nothing written sends no body at all, as AWS's runtime does.
      if (this.#failure === undefined) this.#startBody();
      this.#pendingFinal = callback;
      this.#endRequest();
    });
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // The user destroyed an unfinished stream: end the response with that error (or a destroyed error).
    if (!this.#requestEnded && !this.#broken) {
      this.#failure ??= toRuntimeErrorBody(error ?? new ResponseStreamDestroyedError());
      this.#endRequest();
    }
    callback(error);
  }

  #fail(error: unknown): Promise<void> {
    if (this.#requestEnded || this.#broken) return this.#done.then(noop, noop);
    this.#failure ??= toRuntimeErrorBody(error);
    // Otherwise `end()` was already called and `_final` will add the trailers.
    if (!this.writableEnded) super.end();
    return this.#done;
  }

  #startBody(): void {
    if (this.#bodyStarted) return;
    this.#bodyStarted = true;
    const hook = this._onBeforeFirstWrite;
    if (typeof hook === 'function') hook((chunk) => this.#request.write(toChunk(chunk)));
  }

  #endRequest(): void {
    if (this.#requestEnded) return;
    this.#requestEnded = true;
    if (this.#failure !== undefined) this.#request.addTrailers(errorTrailers(this.#failure));
    this.#request.end();
  }

  #onResponse(response: IncomingMessage): void {
    this.#responseReceived = true;
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        this.#responseOk = true;
        this.#maybeResolve();
      } else {
        this.#break(new ResponseStreamStatusError(status, Buffer.concat(chunks).toString('utf8')));
      }
    });
    const aborted = (cause?: unknown) => {
      if (response.complete) return;
      this.#break(
        new ResponseStreamConnectionError('The connection to the Runtime API closed during its answer', {
          cause,
        }),
      );
    };
    response.on('error', aborted);
    response.on('close', () => aborted());
  }

  #maybeResolve(): void {
    if (this.#settled || !this.#responseOk || !this.#requestFinished) return;
    this.#settled = true;
    this.#resolveDone();
  }

  #break(error: Error): void {
    if (this.#settled && this.#broken === undefined && this.#responseOk) return;
    this.#broken ??= error;
    if (!this.#settled) {
      this.#settled = true;
      this.#rejectDone(error);
    }
    this.#settleWrite(this.#broken);
    this.#settleFinal(this.#broken);
    if (!this.destroyed) this.destroy(this.#broken);
    if (!this.#request.destroyed) this.#request.destroy();
  }

  #settleWrite(error?: Error): void {
    const callback = this.#pendingWrite;
    this.#pendingWrite = undefined;
    callback?.(error);
  }

  #settleFinal(error?: Error): void {
    const callback = this.#pendingFinal;
    this.#pendingFinal = undefined;
    callback?.(error);
  }
}

function toChunk(chunk: unknown): string | Uint8Array {
  return typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : JSON.stringify(chunk);
}

function parseAddress(address: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(`http://${address}`);
  } catch (cause) {
    throw new ResponseStreamConnectionError(`Invalid Runtime API address "${address}"`, { cause });
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { host, port: url.port === '' ? 80 : Number(url.port) };
}
