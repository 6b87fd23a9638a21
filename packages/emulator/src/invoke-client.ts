import { type Agent, request } from 'node:http';
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

/** POSTs an event to an RIE-style invoke URL and collects the whole answer, trailers included. */
export function invokeUrl(
  url: string,
  event: string | Uint8Array,
  options: InvokeOptions = {},
  agent?: Agent,
): Promise<InvokeResult> {
  const payload = typeof event === 'string' ? Buffer.from(event) : Buffer.from(event);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', ...options.headers, 'Content-Length': payload.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', (cause) =>
          reject(new InvokeRequestError(`invoke response failed: ${cause}`, { cause })),
        );
        res.once('end', () => {
          const trailers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.trailers)) {
            if (value !== undefined) trailers[name] = value;
          }
          const headers: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name] = value;
          }
          Object.assign(headers, trailers);
          const functionError = headers['x-amz-function-error'];
          const result: InvokeResult = {
            statusCode: res.statusCode ?? 0,
            headers,
            trailers,
            body: Buffer.concat(chunks),
          };
          if (functionError !== undefined) result.functionError = String(functionError);
          resolve(result);
        });
      },
    );
    req.once('error', (cause) =>
      reject(new InvokeRequestError(`invoke request failed: ${cause}`, { cause })),
    );
    req.end(payload);
  });
}
