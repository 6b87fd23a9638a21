import { run } from '@lambda-engines/runtime';
import { bunConnector } from './bun-connector.ts';

// No top-level await: the same entry can then be bundled as CommonJS (Bun's --bytecode needs it).
run({ connector: bunConnector }).catch((error: unknown) => {
  process.stderr.write(`lambda-engines: the runtime failed to start: ${String(error)}\n`);
  process.exit(1);
});
