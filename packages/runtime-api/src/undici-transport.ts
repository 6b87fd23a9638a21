// Imports the real undici package by file: under Bun, the bare specifier `undici` resolves to Bun's
// built-in partial shim, whose `Client#request` resolves to undefined and has no `dispatch`.
import { Client, type Dispatcher } from 'undici/index.js';
import {
  formatAuthority,
  parseRuntimeApiAddress,
  type RuntimeApiAddress,
  runtimeApiAddress,
} from './address.ts';
import {
  RuntimeApiConnectionError,
  RuntimeApiError,
  RuntimeApiProtocolError,
  RuntimeApiStatusError,
  RuntimeApiUnreachableError,
} from './errors.ts';
import { isHeaderSafe } from './header-value.ts';
import { invocationFromHeaders, type ResponseHeaders } from './invocation-headers.ts';
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

export interface UndiciTransportOptions {
  /** `host:port` or an address; defaults to `AWS_LAMBDA_RUNTIME_API`. */
  address?: string | RuntimeApiAddress;
  /** How long the very first request keeps retrying `ECONNREFUSED` (short backoff). Default 1000 ms. */
  connectRetryMs?: number;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * The undici transport: one keep-alive undici `Client` (pipelining 1), no headers/body timeouts (the
 * `/next` long poll may wait for as long as the environment lives). Requests go through
 * `Client#dispatch` with a small handler (no response stream objects).
 */
export class UndiciTransport implements RuntimeApiTransport {
  readonly host: string;
  readonly port: number;
  readonly #client: Client;
  readonly #connectRetryMs: number;
  #everAnswered = false;

  constructor(options: UndiciTransportOptions = {}) {
    const address =
      typeof options.address === 'string'
        ? parseRuntimeApiAddress(options.address)
        : (options.address ?? runtimeApiAddress());
    this.host = address.host;
    this.port = address.port;
    this.#connectRetryMs = options.connectRetryMs ?? 1000;
    this.#client = new Client(`http://${formatAuthority(address)}`, {
      pipelining: 1,
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 600_000,
      keepAliveMaxTimeout: 600_000,
    });
  }

  next(): Promise<Invocation> {
    return this.#request('GET', NEXT_PATH, undefined, undefined, true);
  }

  postResponse(
    requestId: string,
    body: Uint8Array | string,
    contentType = 'application/json',
  ): Promise<void> {
    if (!isHeaderSafe(contentType)) {
      return Promise.reject(
        new TypeError(`Invalid Content-Type header value ${JSON.stringify(contentType)}`),
      );
    }
    return this.#request('POST', responsePath(requestId), { 'content-type': contentType }, body, false);
  }

  postInvocationError(requestId: string, error: RuntimeErrorBody, options?: PostErrorOptions): Promise<void> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [ERROR_TYPE_HEADER]: errorTypeHeader(error),
    };
    const cause = options?.xrayErrorCause;
    if (cause !== undefined && cause.length <= XRAY_ERROR_CAUSE_MAX && isHeaderSafe(cause)) {
      headers[XRAY_ERROR_CAUSE_HEADER] = cause;
    }
    return this.#request('POST', errorPath(requestId), headers, serializeErrorBody(error), false);
  }

  postInitError(error: RuntimeErrorBody): Promise<void> {
    const headers = { 'content-type': 'application/json', [ERROR_TYPE_HEADER]: errorTypeHeader(error) };
    return this.#request('POST', INIT_ERROR_PATH, headers, serializeErrorBody(error), false);
  }

  async close(): Promise<void> {
    await this.#client.destroy().catch(() => {});
  }

  async #request(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string> | undefined,
    body: Uint8Array | string | undefined,
    isNext: boolean,
  ): Promise<any> {
    if (this.#everAnswered) return this.#dispatch(method, path, headers, body, isNext);
    // First request: retry a refused connection for a short, bounded time (the API may still be starting).
    const startedAt = Date.now();
    let delay = 10;
    for (;;) {
      try {
        return await this.#dispatch(method, path, headers, body, isNext);
      } catch (error) {
        const elapsed = Date.now() - startedAt;
        if (
          error instanceof RuntimeApiUnreachableError &&
          (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED' &&
          elapsed + delay <= this.#connectRetryMs
        ) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, 200);
          continue;
        }
        throw error;
      }
    }
  }

  #dispatch(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string> | undefined,
    body: Uint8Array | string | undefined,
    isNext: boolean,
  ): Promise<any> {
    return new Promise((resolve, reject) => {
      const handler = new ResponseHandler(this, method, path, isNext, resolve, reject);
      this.#client.dispatch({ method, path, headers, body: body ?? null }, handler);
    });
  }

  /** @internal */
  markAnswered(): void {
    this.#everAnswered = true;
  }

  /** @internal */
  get authority(): string {
    return formatAuthority(this);
  }
}

class ResponseHandler implements Dispatcher.DispatchHandler {
  readonly #transport: UndiciTransport;
  readonly #method: string;
  readonly #path: string;
  readonly #isNext: boolean;
  readonly #resolve: (value: any) => void;
  readonly #reject: (error: Error) => void;
  #status = 0;
  #headers: ResponseHeaders | undefined;
  #chunks: Buffer[] = [];
  #length = 0;
  #started = false;

  constructor(
    transport: UndiciTransport,
    method: string,
    path: string,
    isNext: boolean,
    resolve: (value: any) => void,
    reject: (error: Error) => void,
  ) {
    this.#transport = transport;
    this.#method = method;
    this.#path = path;
    this.#isNext = isNext;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  onRequestStart(): void {}

  onResponseStart(_controller: unknown, statusCode: number, headers: ResponseHeaders): void {
    this.#started = true;
    this.#status = statusCode;
    this.#headers = headers;
    this.#transport.markAnswered();
  }

  onResponseData(_controller: unknown, chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  onResponseEnd(): void {
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#length);
    const status = this.#status;
    if (status < 200 || status > 299) {
      this.#reject(new RuntimeApiStatusError(this.#method, this.#path, status, body.toString('utf8')));
    } else if (this.#isNext) {
      try {
        this.#resolve(invocationFromHeaders(this.#headers!, body));
      } catch (error) {
        this.#reject(error as RuntimeApiError);
      }
    } else {
      this.#resolve(undefined);
    }
  }

  onResponseError(_controller: unknown, error: Error): void {
    this.#reject(
      toRuntimeApiError(error, this.#method, this.#path, this.#started, this.#transport.authority),
    );
  }
}

function toRuntimeApiError(
  cause: Error,
  method: string,
  path: string,
  started: boolean,
  authority: string,
): RuntimeApiError {
  if (cause instanceof RuntimeApiError) return cause;
  const code = (cause as NodeJS.ErrnoException).code ?? '';
  if (UNREACHABLE_CODES.has(code)) {
    return new RuntimeApiUnreachableError(
      `Cannot connect to the Runtime API at ${authority} (${code}); check AWS_LAMBDA_RUNTIME_API. ` +
        'Lambda will replace this environment; the runtime exits.',
      { cause },
    );
  }
  if (code.startsWith('HPE_') || cause.name === 'HTTPParserError') {
    return new RuntimeApiProtocolError(
      `Malformed Runtime API response to ${method} ${path}: ${cause.message}. ` +
        'Lambda will replace this environment; the runtime exits.',
      { cause },
    );
  }
  const where = started ? 'in the middle of the response to' : 'before answering';
  return new RuntimeApiConnectionError(
    `The Runtime API connection closed ${where} ${method} ${path} (${code || cause.message}). ` +
      'Lambda will replace this environment; the runtime exits.',
    { cause },
  );
}
