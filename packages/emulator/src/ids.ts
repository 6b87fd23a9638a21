import { randomBytes, randomUUID } from 'node:crypto';

/** A Lambda request id: a UUID v4. */
export function newRequestId(): string {
  return randomUUID();
}

/** An X-Ray trace header like Lambda's: `Root=1-<epoch hex>-<24 hex>;Parent=<16 hex>;Sampled=0`. */
export function newTraceId(now = Date.now()): string {
  const epoch = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  const root = `1-${epoch}-${randomBytes(12).toString('hex')}`;
  return `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

/** A log stream name like Lambda's: `2024/01/31/[$LATEST]<32 hex>`. */
export function newLogStreamName(version: string, now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[${version}]${randomBytes(16).toString('hex')}`;
}

/** The ARN Lambda passes as `Lambda-Runtime-Invoked-Function-Arn` (a fixed, fake account id). */
export function functionArn(region: string, functionName: string): string {
  return `arn:aws:lambda:${region}:000000000000:function:${functionName}`;
}
