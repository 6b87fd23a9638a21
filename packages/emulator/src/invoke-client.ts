// The real undici package by file: under Bun the bare specifier `undici` is Bun's partial built-in.
import { Pool } from 'undici/index.js';
import { InvokeRequestError } from './errors.ts';

export interface InvokeOptions {
  headers?: Record<string, string>;
}

export interface InvokeResult {
  statusCode: number;
  /** Response headers, lower-cased; trailers (of a streamed response) are merged in. */
  headers: Record<string, string | string[]>;
  /** Trailers of a streamed response (mid-stream error), lower-cased; `{}` when none. */
  trailers: Record<string, string>;
  body: Buffer;
  /** `X-Amz-Function-Error` (from the headers or the trailers): `'Unhandled'` on a function error. */
  functionError?: string;
}

function plain(record: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(record))
    if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

/**
 * The caller's side of the invoke endpoint, on one keep-alive undici `Pool` (undici is the project's
 * HTTP client everywhere the cold start of a bootstrap is not at stake). Collects the whole answer,
 * trailers included; no timeouts, since the function's own timeout bounds the answer.
 */
export class InvokeClient {
  readonly #client: Pool;
  readonly #path: string;

  constructor(url: string) {
    const target = new URL(url);
    // A pool, so concurrent invokes reach the emulator concurrently and its own queue orders them.
    this.#client = new Pool(target.origin, { headersTimeout: 0, bodyTimeout: 0 });
    this.#path = target.pathname;
  }

  async invoke(event: string | Uint8Array, options: InvokeOptions = {}): Promise<InvokeResult> {
    const payload = typeof event === 'string' ? Buffer.from(event) : Buffer.from(event);
    try {
      const response = await this.#client.request({
        method: 'POST',
        path: this.#path,
        headers: { 'content-type': 'application/json', ...options.headers },
        body: payload,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      const trailers = plain(response.trailers) as Record<string, string>;
      const headers = { ...plain(response.headers), ...trailers };
      const result: InvokeResult = { statusCode: response.statusCode, headers, trailers, body };
      const functionError = headers['x-amz-function-error'];
      if (functionError !== undefined) result.functionError = String(functionError);
      return result;
    } catch (cause) {
      throw new InvokeRequestError(`invoke request failed: ${cause}`, { cause });
    }
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}

/** One invoke on a client of its own. */
export async function invokeUrl(url: string, event: string | Uint8Array, options?: InvokeOptions) {
  const client = new InvokeClient(url);
  try {
    return await client.invoke(event, options);
  } finally {
    await client.close();
  }
}
