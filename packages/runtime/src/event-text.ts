/** The event bytes as UTF-8 text, without copying them. */
export function eventText(event: Uint8Array): string {
  return Buffer.from(event.buffer, event.byteOffset, event.byteLength).toString('utf8');
}
