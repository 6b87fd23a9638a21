import { spawnSync } from 'node:child_process';

/**
 * The images of `app` the image tests run against, when LAMBDA_ENGINES_IMAGE_TESTS=1 (.ci/run sets it
 * after building them): `lambda-engines/<app>:<version>-<base>` for each base whose image exists. Asking
 * for image tests where none was built is an error, not a silent pass.
 */
export function imagesUnderTest(app: string, version: string): string[] {
  if (process.env.LAMBDA_ENGINES_IMAGE_TESTS !== '1') return [];
  const images = ['al2023', 'al2']
    .map((base) => `lambda-engines/${app}:${version}-${base}`)
    .filter((image) => spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status === 0);
  if (images.length === 0) {
    throw new Error(
      `LAMBDA_ENGINES_IMAGE_TESTS=1 but no lambda-engines/${app}:${version}-* image exists: run pnpm build with Docker`,
    );
  }
  return images;
}
