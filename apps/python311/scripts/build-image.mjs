// Builds this app's images: lambda-engines/python311:<version>-al2023 (Dockerfile.al2023: the
// distribution's python3.11) and, when LAMBDA_ENGINES_PYTHON_AL2=1, lambda-engines/python311:<version>-al2
// (Dockerfile.al2: OpenSSL 1.1.1w + CPython 3.11 compiled from source: 6-12 minutes the first time; see README.md).
// Skips with one line when Docker is not available. The shared logic and options: docker/build-images.mjs.
//
// The al2 sources are fetched on the host from Debian's pool (python.org is not reachable where this was
// written), cached under /var/cache/lambda-engines/sources, checked against the SHA-256 pinned below and
// handed to the build in the context (sources/): the build itself needs no network.
//
// Env: LAMBDA_ENGINES_BASE_AL2023, LAMBDA_ENGINES_BASE_AL2 (base images), LAMBDA_ENGINES_PYTHON_AL2=1
// (build the al2 image), LAMBDA_ENGINES_DEBIAN_MIRROR (default http://deb.debian.org/debian).
import { fileURLToPath } from 'node:url';
import { addToContext, buildEngineImages, fetchSourceTarball, main } from '../../../docker/build-images.mjs';

const env = process.env;
const mirror = (env.LAMBDA_ENGINES_DEBIAN_MIRROR || 'http://deb.debian.org/debian').replace(/\/+$/, '');

// Debian's orig tarballs are the upstream release tarballs, byte for byte: python3.11_3.11.2.orig.tar.gz
// is python.org's Python-3.11.2.tgz (the SHA-256 Homebrew and Spack pin for it), openssl_1.1.1w.orig.tar.gz
// is openssl.org's openssl-1.1.1w.tar.gz (Dockerfile.al2's default pin). 3.11.2 is the 3.11 in bookworm's
// pool; Dockerfile.al2's own default is python.org's 3.11.14.
const SOURCES = {
  python: {
    version: '3.11.2',
    url: `${mirror}/pool/main/p/python3.11/python3.11_3.11.2.orig.tar.gz`,
    sha256: '2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849',
  },
  openssl: {
    version: '1.1.1w',
    url: `${mirror}/pool/main/o/openssl/openssl_1.1.1w.orig.tar.gz`,
    sha256: 'cf3098950cb4d853ad95c0841f1f9c6d3dc102dccfcacd521d93925208b76ac8',
  },
};

main(() =>
  buildEngineImages({
    app: 'python311',
    appDir: fileURLToPath(new URL('..', import.meta.url)),
    variants: {
      al2023: { dockerfile: 'Dockerfile.al2023' },
      al2: {
        dockerfile: 'Dockerfile.al2',
        skip: () =>
          env.LAMBDA_ENGINES_PYTHON_AL2 === '1'
            ? undefined
            : 'compiles OpenSSL and CPython from source (6-12 min on 2 cores, then cached); set LAMBDA_ENGINES_PYTHON_AL2=1 to build it',
        buildArgs: (context) => {
          const python = fetchSourceTarball(
            SOURCES.python.url,
            `python3.11_${SOURCES.python.version}.orig.tar.gz`,
            SOURCES.python.sha256,
          );
          const openssl = fetchSourceTarball(
            SOURCES.openssl.url,
            `openssl_${SOURCES.openssl.version}.orig.tar.gz`,
            SOURCES.openssl.sha256,
          );
          return {
            PYTHON_VERSION: SOURCES.python.version,
            PYTHON_SHA256: SOURCES.python.sha256,
            PYTHON_TARBALL: addToContext(context, 'sources', python),
            OPENSSL_VERSION: SOURCES.openssl.version,
            OPENSSL_SHA256: SOURCES.openssl.sha256,
            OPENSSL_TARBALL: addToContext(context, 'sources', openssl),
          };
        },
      },
    },
  }),
);
