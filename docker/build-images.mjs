// Shared by apps/<app>/scripts/build-image.mjs: builds an engine app's images with the local Docker.
//
// - No Docker engine answering (`docker info` fails): one line saying so, exit 0 (the build goes on).
// - The engine tarball (the npm package named in the Dockerfile, at the pinned version) is fetched on
//   the host with `npm pack` (so npm's own registry, proxy and CA settings apply), cached, checked
//   against the SHA-256 pinned in the Dockerfile, and handed to the build in the context: the build
//   itself needs no network. If `npm pack` fails, the Dockerfile downloads and verifies it itself.
// - Each image is tagged <repository>:<version from package.json>-<al2023|al2>, built on
//   BASE_IMAGE from env LAMBDA_ENGINES_BASE_AL2023 / LAMBDA_ENGINES_BASE_AL2 (default: the public
//   provided images), labelled with that base, and its size is printed.
//
// Options (all optional): --dist DIR, --sample DIR (defaults: the app's dist/ and sample/),
// --repository NAME (default lambda-engines/<app>), --only al2023|al2.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_BASES = {
  al2023: 'public.ecr.aws/lambda/provided:al2023',
  al2: 'public.ecr.aws/lambda/provided:al2',
};
const BASE_ENV = { al2023: 'LAMBDA_ENGINES_BASE_AL2023', al2: 'LAMBDA_ENGINES_BASE_AL2' };

/**
 * Whether a path in an app's dist/ (relative, `/`-separated) belongs in the runtime it ships: not the
 * layer zips (`pnpm package:zip` writes them there) nor a compile cache primed on this machine (Node keys
 * it by path and user id, so the image primes its own: apps/node/Dockerfile).
 */
export function shipsWithRuntime(relativePath) {
  return !relativePath.endsWith('.zip') && relativePath.split('/')[0] !== 'compile-cache';
}

/** Reads the `ARG NAME=default` values of a Dockerfile. */
export function dockerfileArgs(dockerfile) {
  const args = {};
  for (const match of readFileSync(dockerfile, 'utf8').matchAll(/^ARG\s+([A-Z0-9_]+)=(\S*)\s*$/gm)) {
    args[match[1]] = match[2];
  }
  return args;
}

function dockerArch() {
  const arch = process.arch === 'x64' ? 'x64' : process.arch === 'arm64' ? 'arm64' : undefined;
  if (!arch) throw new Error(`unsupported architecture for the images: ${process.arch}`);
  return arch;
}

function cacheDir(sub = 'engines') {
  const wanted = process.env.LAMBDA_ENGINES_CACHE ?? '/var/cache/lambda-engines';
  for (const dir of [wanted, join(tmpdir(), 'lambda-engines-cache')]) {
    try {
      mkdirSync(join(dir, sub), { recursive: true });
      accessSync(join(dir, sub), constants.W_OK);
      return join(dir, sub);
    } catch {}
  }
  throw new Error(`no writable cache folder for ${sub}`);
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Fetches `pkg@version` with `npm pack` into the cache (once) and checks its SHA-256.
 * Returns the tarball path, or undefined when npm could not fetch it.
 */
export function fetchEngineTarball(pkg, version, expectedSha256) {
  const dir = cacheDir();
  const file = join(dir, `${pkg.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  if (existsSync(file) && sha256(file) === expectedSha256) return file;
  rmSync(file, { force: true });
  const packed = spawnSync('npm', ['pack', `${pkg}@${version}`, '--pack-destination', dir, '--silent'], {
    encoding: 'utf8',
  });
  if (packed.status !== 0 || !existsSync(file)) return undefined;
  const actual = sha256(file);
  if (actual !== expectedSha256) {
    rmSync(file, { force: true });
    throw new Error(`${pkg}@${version}: SHA-256 ${actual} does not match the pinned ${expectedSha256}`);
  }
  return file;
}

/**
 * Downloads a source tarball from `url` with curl (once) into the cache's sources/ folder as `name`
 * and checks its SHA-256 (a cached file that does not match is fetched again). Returns the path.
 */
export function fetchSourceTarball(url, name, expectedSha256) {
  const file = join(cacheDir('sources'), name);
  if (existsSync(file) && sha256(file) === expectedSha256) return file;
  rmSync(file, { force: true });
  const partial = `${file}.partial`;
  const got = spawnSync('curl', ['-fsSL', '--retry', '3', '-o', partial, url], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (got.status !== 0) {
    rmSync(partial, { force: true });
    const reason = got.stderr || got.error?.message || `curl exit ${got.status}`;
    throw new Error(`download of ${url} failed: ${reason.trim()}`);
  }
  const actual = sha256(partial);
  if (actual !== expectedSha256) {
    rmSync(partial, { force: true });
    throw new Error(`${url}: SHA-256 ${actual} does not match the pinned ${expectedSha256}`);
  }
  renameSync(partial, file);
  return file;
}

/** Hard-links (or copies) `file` into the build context as `folder/<name>`; returns that relative path. */
export function addToContext(context, folder, file) {
  mkdirSync(join(context, folder), { recursive: true });
  const inContext = join(context, folder, basename(file));
  if (!existsSync(inContext)) {
    try {
      linkSync(file, inContext);
    } catch {
      cpSync(file, inContext);
    }
  }
  return `${folder}/${basename(file)}`;
}

export function dockerAvailable() {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

function imageSize(ref) {
  const out = spawnSync('docker', ['image', 'inspect', '--format', '{{.Size}}', ref], { encoding: 'utf8' });
  return out.status === 0 ? Number(out.stdout.trim()) : undefined;
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;

/**
 * @param {object} spec
 * @param {string} spec.app                 'node' | 'bun' | 'python311'
 * @param {string} spec.appDir              the app folder (holds package.json, Dockerfile, dist/, sample/)
 * @param {(arch: 'x64'|'arm64') => {pkg: string, versionArg: string, sha256Arg: string, tarballArg: string}} [spec.engine]
 *   the engine's npm package (fetched with npm pack for the variants built from `Dockerfile`); omit it
 *   when the Dockerfiles get their engine otherwise (python311: the distribution's package, or sources)
 * @param {{al2023: object, al2: object}} spec.variants  per base: { dockerfile, buildArgs?, skip? }
 *   where buildArgs(context) may add build args (and files to the context), skip() a reason to skip.
 */
export function buildEngineImages(spec) {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      dist: { type: 'string' },
      sample: { type: 'string' },
      repository: { type: 'string' },
      only: { type: 'string', multiple: true },
    },
  });
  if (!dockerAvailable()) {
    console.log(
      `build-image (${spec.app}): Docker is not available (docker info failed); image builds skipped`,
    );
    return;
  }
  const { version } = JSON.parse(readFileSync(join(spec.appDir, 'package.json'), 'utf8'));
  const repository = values.repository ?? `lambda-engines/${spec.app}`;
  const dist = resolve(values.dist ?? join(spec.appDir, 'dist'));
  const sample = resolve(values.sample ?? join(spec.appDir, 'sample'));
  if (!existsSync(join(dist, 'bootstrap')))
    throw new Error(`${dist}/bootstrap does not exist: build the app first`);
  if (!existsSync(sample) || !statSync(sample).isDirectory())
    throw new Error(`${sample} (the sample function) does not exist`);

  // One build context for all variants: the Dockerfiles, dist/, sample/ and engines/.
  const context = mkdtempSync(join(tmpdir(), `lambda-engines-${spec.app}-context-`));
  try {
    // Every Dockerfile* of the app (Dockerfile, Dockerfile.al2, Dockerfile.al2023, ...) and its .dockerignore.
    for (const name of readdirSync(spec.appDir)) {
      if (name.startsWith('Dockerfile') || name === '.dockerignore') {
        cpSync(join(spec.appDir, name), join(context, name));
      }
    }
    cpSync(dist, join(context, 'dist'), {
      recursive: true,
      filter: (source) => source === dist || shipsWithRuntime(relative(dist, source).split(sep).join('/')),
    });
    cpSync(sample, join(context, 'sample'), { recursive: true });
    mkdirSync(join(context, 'engines'));

    const arch = dockerArch();
    const engine = spec.engine?.(arch);
    const results = [];
    for (const [variant, options] of Object.entries(spec.variants)) {
      if (values.only && !values.only.includes(variant)) continue;
      const tag = `${repository}:${version}-${variant}`;
      const base = process.env[BASE_ENV[variant]] || DEFAULT_BASES[variant];
      const skip = options.skip?.();
      if (skip) {
        console.log(`build-image (${spec.app}): ${tag} skipped: ${skip}`);
        continue;
      }
      if (!baseAvailable(base)) {
        console.log(
          `build-image (${spec.app}): ${tag} skipped: base ${base} is not here and cannot be pulled; ` +
            `build a stand-in (docker/build-standin-base.sh) and set ${BASE_ENV[variant]}`,
        );
        continue;
      }
      const buildArgs = { BASE_IMAGE: base, ...options.buildArgs?.(context) };
      if (engine && options.dockerfile === 'Dockerfile') {
        const pinned = dockerfileArgs(join(spec.appDir, 'Dockerfile'));
        const tarball = fetchEngineTarball(engine.pkg, pinned[engine.versionArg], pinned[engine.sha256Arg]);
        if (tarball) {
          const inContext = join(context, 'engines', basename(tarball));
          if (!existsSync(inContext)) {
            try {
              linkSync(tarball, inContext);
            } catch {
              cpSync(tarball, inContext);
            }
          }
          buildArgs[engine.tarballArg] = `engines/${basename(tarball)}`;
        } else {
          console.log(
            `build-image (${spec.app}): npm pack ${engine.pkg} failed; the Docker build downloads it itself`,
          );
        }
      }
      const args = [
        'build',
        '--force-rm',
        '-f',
        options.dockerfile,
        '-t',
        tag,
        '--label',
        `org.lambda-engines.base-image=${base}`,
      ];
      for (const [name, value] of Object.entries(buildArgs)) args.push('--build-arg', `${name}=${value}`);
      args.push('.');
      const t0 = performance.now();
      const build = spawnSync('docker', args, {
        cwd: context,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      if (build.status !== 0) {
        const output = `${build.stdout}\n${build.stderr}`.trim().split('\n').slice(-40).join('\n');
        throw new Error(`docker build of ${tag} (base ${base}) failed after ${seconds} s:\n${output}`);
      }
      const size = imageSize(tag);
      const baseSize = imageSize(base);
      const added =
        size !== undefined && baseSize !== undefined ? `, ${mb(size - baseSize)} over the base` : '';
      console.log(
        `build-image (${spec.app}): ${tag} on ${base}: ${size === undefined ? '?' : mb(size)}${added}, built in ${seconds} s`,
      );
      results.push({ tag, base, size, seconds: Number(seconds) });
    }
    const total = ((performance.now() - started) / 1000).toFixed(1);
    if (results.length > 0)
      console.log(`build-image (${spec.app}): ${results.length} image(s) in ${total} s`);
    return results;
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** The base is local, or a pull works (it does not where no registry is reachable). */
function baseAvailable(base) {
  if (spawnSync('docker', ['image', 'inspect', base], { stdio: 'ignore' }).status === 0) return true;
  return spawnSync('docker', ['pull', '--quiet', base], { stdio: 'ignore', timeout: 120_000 }).status === 0;
}

/** Runs `fn` as a script's main: errors become one message and exit code 1. */
export function main(fn) {
  try {
    fn();
  } catch (error) {
    console.error(`build-image: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
