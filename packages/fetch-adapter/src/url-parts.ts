/**
 * Building the request URL from the pieces an event carries. Some sources deliver the path or query still
 * percent-encoded (REST APIs, function URLs, ALB) and some decoded (HTTP APIs decode `rawPath`), so a piece
 * is never decoded or re-encoded wholesale: only characters that cannot appear literally in an encoded URL
 * are escaped (space, controls, non-ASCII, `"#<>` and friends, a `%` not followed by two hex digits, plus
 * `?` and `\` in a path). An encoded piece passes through unchanged; a decoded one becomes a valid URL
 * without being re-split at a decoded `?` or `#`.
 */

/** Characters escaped in every raw piece (besides non-ASCII and a bare `%`). */
const ALWAYS = '"#<>`{}^|';
const PATH_EXTRA = '?\\';

export function escapePath(path: string): string {
  const escaped = escapeRaw(path, PATH_EXTRA);
  return escaped.startsWith('/') ? escaped : `/${escaped}`;
}

/** A raw query string (v2 `rawQueryString`), kept as is apart from what a URL cannot hold literally. */
export function escapeRawQuery(query: string): string {
  return escapeRaw(query.startsWith('?') ? query.slice(1) : query, '');
}

/** One key or value of an ALB query: raw as the client sent it, but never able to split the query. */
export function escapeRawQueryComponent(component: string, isKey: boolean): string {
  return escapeRaw(component, isKey ? '&=' : '&');
}

/** A decoded query key or value (API Gateway v1) fully percent-encoded. */
export function encodeQueryComponent(component: string): string {
  return encodeURIComponent(wellFormed(component));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `encodeURIComponent` throws on a lone surrogate; it becomes U+FFFD, as `TextEncoder` would make it. */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

function escapeRaw(input: string, extra: string): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    const code = char.charCodeAt(0);
    if (char === '%') {
      out += isHex(input.charCodeAt(i + 1)) && isHex(input.charCodeAt(i + 2)) ? '%' : '%25';
    } else if (code <= 0x20 || code === 0x7f || ALWAYS.includes(char) || extra.includes(char)) {
      out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
    } else if (code < 0x80) {
      out += char;
    } else {
      // A whole code point (surrogate pair) at once; a lone surrogate becomes U+FFFD.
      const point = input.codePointAt(i)!;
      const text = String.fromCodePoint(point);
      i += text.length - 1;
      out += encodeURIComponent(wellFormed(text));
    }
  }
  return out;
}

function isHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}
