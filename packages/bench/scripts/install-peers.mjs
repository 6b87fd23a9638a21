// Installs what the suite compares against into packages/bench/peers (git-ignored), each on its own:
// - AWS's Node runtime interface client, whose install builds curl and a native addon (~2 min, once);
// - Node 24 (the engine our Node image ships, apps/node/Dockerfile), from the npm package
//   node-linux-<arch> (its bin/node), fetched and checked against the Dockerfile's SHA-256 by the image
//   build's own fetchEngineTarball (docker/build-images.mjs: the engine cache, else `npm pack`);
// - aws4fetch, which Bun's Lambda layer runtime imports at start (the bun-fetch peer loads it).
// A failure is reported and the suite runs without those rows (each missing piece is a note).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dockerfileArgs, fetchEngineTarball } from '../../../docker/build-images.mjs';

const RIC = 'aws-lambda-ric@4.0.2';
const AWS4FETCH = 'aws4fetch@1.0.20';
const peers = fileURLToPath(new URL('../peers/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const log = (line) => console.log(`bench: ${line}`);
mkdirSync(peers, { recursive: true });

installRic();
installNode24();
installAws4fetch();

function installRic() {
  if (existsSync(`${peers}node_modules/aws-lambda-ric/rapid-client.node`)) return;
  // npm 11 runs a dependency's install scripts only where package.json allows them.
  writeFileSync(
    `${peers}package.json`,
    `${JSON.stringify({ private: true, allowScripts: { 'aws-lambda-ric': true } })}\n`,
  );
  log(`installing ${RIC} into ${peers} (builds a native addon, about 2 minutes)`);
  const result = spawnSync('npm', ['install', '--no-save', RIC], { cwd: peers, stdio: 'inherit' });
  if (result.status !== 0) log(`${RIC} did not install; its rows are skipped`);
}

function installNode24() {
  // The version and SHA-256 the Node image pins, fetched and checked the way the image build does.
  const pinned = dockerfileArgs(join(repoRoot, 'apps/node/Dockerfile'));
  const version = pinned.NODE_VERSION;
  const home = `${peers}node24/`;
  const bin = `${home}bin/node`;
  if (existsSync(bin) && run(bin, ['--version']).stdout?.trim() === `v${version}`) return;
  const arch = process.arch === 'arm64' ? 'arm64' : process.arch === 'x64' ? 'x64' : undefined;
  if (arch === undefined || process.platform !== 'linux') {
    log(
      `Node ${version}: no node-linux-* package for ${process.platform}/${process.arch}; its rows are skipped`,
    );
    return;
  }
  const pkg = `node-linux-${arch}`;
  let tarball;
  try {
    log(`Node ${version}: ${pkg}@${version} from the engine cache or npm (about 50 MB)`);
    tarball = fetchEngineTarball(pkg, version, pinned[`NODE_SHA256_${arch.toUpperCase()}`]);
  } catch (error) {
    log(`Node ${version}: ${error.message}; its rows are skipped`);
    return;
  }
  if (tarball === undefined) {
    log(`Node ${version}: npm pack ${pkg}@${version} failed; its rows are skipped`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'bench-node24-'));
  try {
    const untar = run('tar', ['-xzf', tarball, '-C', work, 'package/bin/node']);
    if (untar.status !== 0) {
      log(`Node ${version}: tar failed (${untar.stderr?.trim().slice(-300)}); its rows are skipped`);
      return;
    }
    rmSync(home, { recursive: true, force: true });
    mkdirSync(`${home}bin`, { recursive: true });
    renameSync(join(work, 'package/bin/node'), bin);
    log(`Node ${version}: installed ${bin} (${run(bin, ['--version']).stdout?.trim()})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function installAws4fetch() {
  // Its own folder: `npm install --no-save` in peers/ would prune aws-lambda-ric.
  const home = `${peers}bun-layer/`;
  if (existsSync(`${home}node_modules/aws4fetch/package.json`)) return;
  mkdirSync(home, { recursive: true });
  writeFileSync(`${home}package.json`, `${JSON.stringify({ private: true })}\n`);
  log(`installing ${AWS4FETCH} into ${home} (Bun's layer runtime imports it at start)`);
  const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', AWS4FETCH], {
    cwd: home,
    stdio: 'inherit',
  });
  if (result.status !== 0) log(`${AWS4FETCH} did not install; the Bun layer peer runs without it`);
}

function run(file, args, options = {}) {
  return spawnSync(file, args, { encoding: 'utf8', timeout: 300_000, ...options });
}
