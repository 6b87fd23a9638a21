/** True when `value` can be sent as an HTTP header value as is (tab, visible latin1; no CR/LF/controls). */
export function isHeaderSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 9) || c === 0x7f || c > 0xff) return false;
  }
  return true;
}
