import { createRequire } from 'node:module';
import { defineConformanceSuite, dockerLauncher, imagesUnderTest } from '@lambda-engines/conformance';

// The whole conformance suite again, with the bootstrap inside each built image (docker run --network
// host), when LAMBDA_ENGINES_IMAGE_TESTS=1 (.ci/run sets it after building the images). The al2 image
// is tested when it was built (LAMBDA_ENGINES_PYTHON_AL2=1, see scripts/build-image.mjs).
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

for (const image of imagesUnderTest('python311', version)) {
  defineConformanceSuite({
    label: `python 3.11 image ${image}`,
    engine: 'python',
    launcher: dockerLauncher(image),
  });
}
