// Builds this app's images: lambda-engines/node:<version>-al2023 (Dockerfile) and, when a Node
// build for glibc 2.17 is given, lambda-engines/node:<version>-al2 (Dockerfile.al2). Skips with one
// line when Docker is not available. The shared logic and options: docker/build-images.mjs.
//
// Env: LAMBDA_ENGINES_BASE_AL2023, LAMBDA_ENGINES_BASE_AL2 (base images), and for the al2 image
// LAMBDA_ENGINES_NODE_AL2_SHA256 plus LAMBDA_ENGINES_NODE_AL2_TARBALL (a local file) or
// LAMBDA_ENGINES_NODE_AL2_URL, optionally LAMBDA_ENGINES_NODE_AL2_VERSION (checked).
import { copyFileSync, existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEngineImages, main } from '../../../docker/build-images.mjs';

const env = process.env;

main(() =>
  buildEngineImages({
    app: 'node',
    appDir: fileURLToPath(new URL('..', import.meta.url)),
    engine: (arch) => ({
      pkg: `node-linux-${arch}`,
      versionArg: 'NODE_VERSION',
      sha256Arg: `NODE_SHA256_${arch.toUpperCase()}`,
      tarballArg: 'NODE_TARBALL',
    }),
    variants: {
      al2023: { dockerfile: 'Dockerfile' },
      al2: {
        dockerfile: 'Dockerfile.al2',
        skip: () => {
          if (
            !env.LAMBDA_ENGINES_NODE_AL2_SHA256 ||
            !(env.LAMBDA_ENGINES_NODE_AL2_TARBALL || env.LAMBDA_ENGINES_NODE_AL2_URL)
          ) {
            return 'official Node needs glibc 2.28 (AL2 has 2.26); set LAMBDA_ENGINES_NODE_AL2_SHA256 and LAMBDA_ENGINES_NODE_AL2_TARBALL or _URL (docker/README.md)';
          }
          const local = env.LAMBDA_ENGINES_NODE_AL2_TARBALL;
          if (local && !existsSync(local)) return `${local} does not exist`;
          return undefined;
        },
        buildArgs: (context) => {
          const args = {
            NODE_TARBALL_SHA256: env.LAMBDA_ENGINES_NODE_AL2_SHA256,
            NODE_VERSION: env.LAMBDA_ENGINES_NODE_AL2_VERSION ?? '',
          };
          const local = env.LAMBDA_ENGINES_NODE_AL2_TARBALL;
          if (local) {
            copyFileSync(resolve(local), join(context, 'engines', basename(local)));
            args.NODE_TARBALL = `engines/${basename(local)}`;
          } else {
            args.NODE_TARBALL_URL = env.LAMBDA_ENGINES_NODE_AL2_URL;
          }
          return args;
        },
      },
    },
  }),
);
