import type { RuntimeErrorBody } from './types.ts';

/** AWS's Node client's answer when reading an error's name, message or stack throws. */
export const UNREADABLE_ERROR_MESSAGE =
  'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack';

/**
 * Turns any thrown value into the body Lambda receives on `/error` and `/init/error`, the way AWS's Node
 * runtime interface client does (`Errors.js` `toRapidResponse`, `utils/error.ts` `formatError`):
 *
 * - an Error (native, subclass, or duck-typed `{name, message, stack}` strings):
 *   `{ errorType: name, errorMessage: message, trace: stack.split('\n') }`;
 * - anything else: `{ errorType: typeof value, errorMessage: String(value), trace: [] }`;
 * - when reading any of that throws (throwing getters, revoked Proxy, null-prototype object, ...):
 *   `{ errorType: 'handled', errorMessage: UNREADABLE_ERROR_MESSAGE, trace: [] }`.
 *
 * Never throws. A non-string `stack` gives `trace: []` (AWS's newest client; the older one fell back to
 * 'handled'). A non-string `name`/`message` on a real Error is turned into a string.
 */
export function toRuntimeErrorBody(value: unknown): RuntimeErrorBody {
  try {
    if (isErrorLike(value)) {
      const error = value as { name: unknown; message: unknown; stack: unknown };
      const name = error.name;
      const message = error.message;
      const stack = error.stack;
      return {
        errorType: typeof name === 'string' ? name : String(name),
        errorMessage: typeof message === 'string' ? message : String(message),
        trace: typeof stack === 'string' ? stack.split('\n') : [],
      };
    }
    return { errorType: typeof value, errorMessage: String(value), trace: [] };
  } catch {
    return { errorType: 'handled', errorMessage: UNREADABLE_ERROR_MESSAGE, trace: [] };
  }
}

function isErrorLike(value: unknown): boolean {
  if (value instanceof Error || isNativeError(value)) return true;
  // AWS's `_isError`: an object whose name, message and stack are non-empty strings.
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const v = value as { name?: unknown; message?: unknown; stack?: unknown };
  return (
    typeof v.name === 'string' &&
    v.name !== '' &&
    typeof v.message === 'string' &&
    v.message !== '' &&
    typeof v.stack === 'string' &&
    v.stack !== ''
  );
}

/**
 * The value for the `Lambda-Runtime-Function-Error-Type` header: the body's `errorType`, with every
 * character an HTTP header cannot carry (controls, DEL, non-ASCII) percent-encoded, so a strange
 * error name can never make the request itself invalid. (AWS's newest client does the same for DEL.)
 */
export function errorTypeHeader(body: Pick<RuntimeErrorBody, 'errorType'>): string {
  const type = typeof body.errorType === 'string' ? body.errorType : String(body.errorType);
  for (let i = 0; i < type.length; i++) {
    const c = type.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return encodeUnsafe(type);
  }
  return type;
}

function encodeUnsafe(type: string): string {
  let out = '';
  for (const ch of type) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c <= 0x7e) out += ch;
    else
      for (const byte of Buffer.from(ch, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Serialises an error body; never throws (falls back to the three standard members, then to 'handled'). */
export function serializeErrorBody(body: RuntimeErrorBody): string {
  try {
    return JSON.stringify(body);
  } catch {}
  try {
    const trace = Array.isArray(body.trace) ? body.trace.map(String) : [];
    return JSON.stringify({
      errorType: String(body.errorType),
      errorMessage: String(body.errorMessage),
      trace,
    });
  } catch {}
  return JSON.stringify({ errorType: 'handled', errorMessage: UNREADABLE_ERROR_MESSAGE, trace: [] });
}

/**
 * util.types.isNativeError, fetched only when `instanceof Error` has already said no (an error from
 * another realm): `node:util` is not worth loading at every cold start for that.
 */
function isNativeError(value: unknown): boolean {
  return (process.getBuiltinModule('node:util') as typeof import('node:util')).types.isNativeError(value);
}
