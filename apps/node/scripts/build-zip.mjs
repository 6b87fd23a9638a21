// `pnpm package:zip`: dist/node-provided.al2023.zip, a layer (or function zip base) for Lambda's
// provided.al2023 runtime: bootstrap (sh) + bin/node (pinned in ../Dockerfile) + runtime/ (dist/).
// Options (--arch x86_64|arm64|all, --function DIR, --out DIR, ...): docker/build-zip.mjs.
import { fileURLToPath } from 'node:url';
import { buildEngineZip, main } from '../../../docker/build-zip.mjs';

await main(() =>
  buildEngineZip({
    app: 'node',
    appDir: fileURLToPath(new URL('..', import.meta.url)),
    engine: 'node',
    package: (arch) => ({
      pkg: `node-linux-${arch}`,
      versionArg: 'NODE_VERSION',
      sha256Arg: `NODE_SHA256_${arch.toUpperCase()}`,
    }),
  }),
);
