import { createRequire } from 'node:module';
import { defineConformanceSuite, dockerLauncher, imagesUnderTest } from '@lambda-engines/conformance';

// The whole conformance suite again, with the bootstrap inside each built image (docker run --network
// host), when LAMBDA_ENGINES_IMAGE_TESTS=1 (.ci/run sets it after building the images).
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

for (const image of imagesUnderTest('bun', version)) {
  defineConformanceSuite({ label: `bun image ${image}`, engine: 'bun', launcher: dockerLauncher(image) });
}
