// `pnpm package:zip`: dist/bun-provided.al2023.zip, a layer (or function zip base) for Lambda's
// provided.al2023 runtime: bootstrap (sh) + bin/bun (pinned in ../Dockerfile) + runtime/ (dist/).
// Options (--arch x86_64|arm64|all, --function DIR, --out DIR, ...): docker/build-zip.mjs.
import { fileURLToPath } from 'node:url';
import { buildEngineZip, main } from '../../../docker/build-zip.mjs';

await main(() =>
  buildEngineZip({
    app: 'bun',
    appDir: fileURLToPath(new URL('..', import.meta.url)),
    engine: 'bun',
    package: (arch) => ({
      pkg: `@oven/bun-linux-${arch === 'arm64' ? 'aarch64' : 'x64'}`,
      versionArg: 'BUN_VERSION',
      sha256Arg: `BUN_SHA256_${arch.toUpperCase()}`,
    }),
  }),
);
