import type { RuntimeErrorBody } from '@lambda-engines/runtime-api';
import { TRAILER_ERROR_BODY, TRAILER_ERROR_TYPE } from './constants.ts';

/**
 * The two trailers that end a failed stream: the error type, and the base64 of the error body's JSON.
 * A character a header cannot carry in the type (controls, DEL, non-ASCII) is percent-encoded, so a
 * strange `error.name` can never make `addTrailers` throw; the body trailer keeps the exact name.
 */
export function errorTrailers(body: RuntimeErrorBody): Record<string, string> {
  return {
    [TRAILER_ERROR_TYPE]: headerSafe(String(body.errorType)),
    [TRAILER_ERROR_BODY]: Buffer.from(serialize(body), 'utf8').toString('base64'),
  };
}

function serialize(body: RuntimeErrorBody): string {
  try {
    return JSON.stringify(body);
  } catch {
    // A member added to the body that JSON cannot carry (a BigInt, a cycle): keep the three standard ones.
    return JSON.stringify({
      errorType: String(body.errorType),
      errorMessage: String(body.errorMessage),
      trace: Array.isArray(body.trace) ? body.trace.map(String) : [],
    });
  }
}

function headerSafe(value: string): string {
  let out = '';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c <= 0x7e) out += ch;
    else
      for (const byte of Buffer.from(ch, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
