// Builds this app's images: lambda-engines/bun:<version>-al2023 and -al2, one Dockerfile for both
// (Bun needs glibc 2.17). Skips with one line when Docker is not available. The shared logic and
// options: docker/build-images.mjs. Env: LAMBDA_ENGINES_BASE_AL2023, LAMBDA_ENGINES_BASE_AL2.
import { fileURLToPath } from 'node:url';
import { buildEngineImages, main } from '../../../docker/build-images.mjs';

main(() =>
  buildEngineImages({
    app: 'bun',
    appDir: fileURLToPath(new URL('..', import.meta.url)),
    engine: (arch) => ({
      pkg: `@oven/bun-linux-${arch === 'arm64' ? 'aarch64' : 'x64'}`,
      versionArg: 'BUN_VERSION',
      sha256Arg: `BUN_SHA256_${arch.toUpperCase()}`,
      tarballArg: 'BUN_TARBALL',
    }),
    variants: {
      al2023: { dockerfile: 'Dockerfile' },
      al2: { dockerfile: 'Dockerfile' },
    },
  }),
);
