import { fromByteString } from './header-values.ts';

/**
 * A Response's headers split the way Lambda's result formats want them: every header but `set-cookie`
 * with its (comma-combined) value, and each `Set-Cookie` separately (`Headers.getSetCookie()`).
 * Names are lowercase; values are decoded from UTF-8 bytes back to Unicode where valid.
 */
export function splitResponseHeaders(headers: Headers): {
  headers: Record<string, string>;
  cookies: string[];
} {
  const single: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') single[name] = fromByteString(value);
  });
  return { headers: single, cookies: headers.getSetCookie().map(fromByteString) };
}
