/**
 * Header values cross two worlds: Lambda events are JSON, so a header arrives as a Unicode string (AWS
 * decodes the client's bytes as UTF-8), while fetch `Headers` hold ByteStrings (one char per byte, like
 * Node's and Bun's HTTP servers expose them). Non-ASCII values are carried as their UTF-8 bytes on the way
 * in and decoded back on the way out, so `héllo` round-trips and a handler sees what a server would.
 */

const NON_ASCII = /[\u0080-\uffff]/;
const HIGH_BYTE = /[\x80-\xff]/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An event's header value (Unicode) as a fetch header value (its UTF-8 bytes, one char per byte). */
export function toByteString(value: string): string {
  if (!NON_ASCII.test(value)) return value;
  const bytes = new TextEncoder().encode(value);
  let out = '';
  for (const byte of bytes) out += String.fromCharCode(byte);
  return out;
}

/**
 * A fetch header value as the Unicode string to put in the result JSON: bytes that form valid UTF-8 are
 * decoded; anything else is left as is (one char per byte, the ISO-8859-1 reading).
 */
export function fromByteString(value: string): string {
  if (!HIGH_BYTE.test(value)) return value;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0xff) return value;
    bytes[i] = code;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    return value;
  }
}
