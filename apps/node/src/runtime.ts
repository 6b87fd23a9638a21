import { run } from '@lambda-engines/runtime';
import { loadNativeTraceIdSetter } from './native-trace-id.ts';

// No top-level await: the same entry can then be bundled as CommonJS (Bun's --bytecode needs it).
run({ loadTraceIdSetter: loadNativeTraceIdSetter }).catch((error: unknown) => {
  process.stderr.write(`lambda-engines: the runtime failed to start: ${String(error)}\n`);
  process.exit(1);
});
