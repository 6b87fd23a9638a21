import type { IncomingMessage, ServerResponse } from 'node:http';

/** Lambda's error body shape. */
export interface ErrorBody {
  errorMessage: string;
  errorType: string;
}

export function sendJson(
  res: ServerResponse,
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(statusCode, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': String(payload.length),
  });
  res.end(payload);
}

export interface ReadBodyResult {
  body: Buffer;
  /** Bytes received in total (also those dropped past the limit). */
  size: number;
  overflow: boolean;
  /** False when the request was aborted before its end. */
  complete: boolean;
}

/**
 * Reads a request body, keeping at most `limit` bytes; the rest is drained and counted, so the
 * client can finish sending and read our answer (a 413) instead of failing on a reset socket.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (complete: boolean) => {
      if (settled) return;
      settled = true;
      const overflow = size > limit;
      resolve({ body: overflow ? Buffer.alloc(0) : Buffer.concat(chunks), size, overflow, complete });
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.once('end', () => settle(true));
    req.once('error', () => settle(false));
    req.once('close', () => settle(req.complete));
  });
}

/** First value of a header, or undefined. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
