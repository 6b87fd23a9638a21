/**
 * Whether a response body goes to Lambda as text or base64. The rule (`isTextContentType`):
 * - text: `text/*`; `application/` json, xml, javascript, ecmascript, x-javascript, x-www-form-urlencoded,
 *   x-ndjson, graphql, yaml; any `+json` / `+xml` suffix (`application/problem+json`, `image/svg+xml`);
 *   any type whose `charset` is UTF-8 (`application/x-custom; charset=utf-8`);
 * - base64: everything else (images, audio, `application/octet-stream`, pdf, zip, wasm, ...), any type with
 *   a charset other than UTF-8/US-ASCII (its bytes are not UTF-8 text), and any body with a
 *   `content-encoding` other than `identity` (gzip/br/deflate bytes);
 * - no `content-type`: text.
 * A body chosen as text that is not valid UTF-8 is sent as base64 instead, so no byte is ever lost.
 */

const TEXT_SUBTYPES = new Set([
  'json',
  'xml',
  'javascript',
  'ecmascript',
  'x-javascript',
  'x-www-form-urlencoded',
  'x-ndjson',
  'graphql',
  'yaml',
  'x-yaml',
]);
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/** True when a body of this content type is sent as UTF-8 text (see the rule above). */
export function isTextContentType(contentType: string): boolean {
  const [essence = '', ...params] = contentType.split(';');
  const mime = essence.trim().toLowerCase();
  let charset: string | undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq !== -1 && param.slice(0, eq).trim().toLowerCase() === 'charset') {
      charset = param
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
    }
  }
  if (charset !== undefined) return UTF8_CHARSETS.has(charset);
  const slash = mime.indexOf('/');
  if (slash <= 0) return false;
  const type = mime.slice(0, slash);
  const subtype = mime.slice(slash + 1);
  if (type === 'text') return true;
  if (subtype.endsWith('+json') || subtype.endsWith('+xml')) return true;
  return type === 'application' && TEXT_SUBTYPES.has(subtype);
}

/** The default decision before the UTF-8 check: true = base64. */
export function isBinaryByDefault(contentType: string | null, contentEncoding: string | null): boolean {
  if (
    contentEncoding !== null &&
    contentEncoding.trim() !== '' &&
    contentEncoding.trim().toLowerCase() !== 'identity'
  ) {
    return true;
  }
  return contentType !== null && !isTextContentType(contentType);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The body as `{ body, isBase64Encoded }`: base64 when `binary` or when the bytes are not valid UTF-8. */
export function encodeBody(bytes: Uint8Array, binary: boolean): { body: string; isBase64Encoded: boolean } {
  if (bytes.byteLength === 0) return { body: '', isBase64Encoded: false };
  if (!binary) {
    try {
      return { body: utf8.decode(bytes), isBase64Encoded: false };
    } catch {
      // Not UTF-8 after all: base64 is the lossless choice.
    }
  }
  return {
    body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    isBase64Encoded: true,
  };
}
