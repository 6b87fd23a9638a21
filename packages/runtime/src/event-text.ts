/** The event bytes as UTF-8 text, without copying them. */
export function eventText(event: Uint8Array): string {
  // A Buffer decodes itself; reading `.buffer` of a typed array costs Bun (JSC) a copy when it has none yet.
  if (event instanceof Buffer) return event.toString('utf8');
  return Buffer.from(event.buffer, event.byteOffset, event.byteLength).toString('utf8');
}
