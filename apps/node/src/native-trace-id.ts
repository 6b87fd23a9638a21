import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TraceIdSetter } from '@lambda-engines/runtime';

/** The addon's file for this machine, beside runtime.cjs (scripts/build-native.mjs names it so). */
function nativeTraceIdFile(): string {
  return join(
    dirname(fileURLToPath(import.meta.url)),
    `trace-id-env-${process.platform}-${process.arch}.node`,
  );
}

/**
 * Loads native/trace-id-env.c's setter: `_X_AMZN_TRACE_ID` through two reused putenv() buffers instead of
 * setenv(), which keeps every trace id. `undefined` when no addon was built for this platform (no C
 * compiler at build time, or a layer zip on another architecture): the runtime then keeps assigning
 * `process.env`. A file that exists but does not load throws, and the runtime says so once.
 */
export function loadNativeTraceIdSetter(): TraceIdSetter | undefined {
  const file = nativeTraceIdFile();
  if (!existsSync(file)) return undefined;
  const addon = { exports: {} as { setTraceId?: TraceIdSetter } };
  process.dlopen(addon, file);
  return addon.exports.setTraceId;
}
