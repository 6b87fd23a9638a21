// Shared by apps/<app>/scripts/build-zip.mjs: packs an engine app as a zip for Lambda's `provided.al2023`
// runtime, usable as a layer (Lambda extracts it to /opt) or as the base of a function zip (/var/task).
//
//   bootstrap             0755  a /bin/sh wrapper: exec "<zip root>/bin/<engine>" "<zip root>/runtime/bootstrap"
//   bin/<engine>          0755  the engine binary from its npm package, version and SHA-256 pinned in the
//                               app's Dockerfile (the same tarball the image uses, fetched with `npm pack`)
//   bin/<engine>.LICENSE  0644  the engine's licence, when its package ships one
//   runtime/...                 the app's dist/ (the bundled bootstrap and its package.json), modes kept
//   <function files>            only with --function DIR: the function's code at the root (a function zip)
//
// Options: --arch x86_64|arm64|all (default x86_64, Lambda's default), --out DIR (default the app's dist/),
// --dist DIR (default the app's dist/), --function DIR (also write <app>-provided.al2023[-arm64]-function.zip),
// --level 0-9 (deflate level, default 6). Names: dist/<app>-provided.al2023.zip (x86_64),
// dist/<app>-provided.al2023-arm64.zip. Entries are sorted and dated 1980-01-01, so the same inputs give
// the same bytes. The zip is written here (deflate through node:zlib), no `zip` command needed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import zlib from 'node:zlib';
import { dockerfileArgs, fetchEngineTarball, shipsWithRuntime } from './build-images.mjs';

const deflateRaw = promisify(zlib.deflateRaw);

/** Lambda's architecture names, and the npm packages' names for them. */
export const ARCHITECTURES = { x86_64: 'x64', arm64: 'arm64' };

/** The file name of an app's zip: the x86_64 one has no suffix (Lambda's default architecture). */
export function zipName(app, arch, kind = 'layer') {
  return `${app}-provided.al2023${arch === 'arm64' ? '-arm64' : ''}${kind === 'function' ? '-function' : ''}.zip`;
}

/** The /bin/sh wrapper at the zip root. `$0` is /opt/bootstrap (a layer) or /var/task/bootstrap. */
export function wrapperScript(engine, version) {
  return `#!/bin/sh
# lambda-engines: ${engine} ${version} as a provided.al2023 custom runtime. Lambda runs this file as
# /opt/bootstrap (from a layer) or /var/task/bootstrap (from the function zip); the engine and the
# runtime sit beside it. The engine's folder goes on PATH, as the managed runtime has its engine there.
case "$0" in */*) root="\${0%/*}" ;; *) root=. ;; esac
export PATH="$root/bin:$PATH"
exec "$root/bin/${engine}" "$root/runtime/bootstrap" "$@"
`;
}

// ---- a small zip writer: deflate or store, Unix modes, no zip64 (every size stays under 4 GiB) --------

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function crc32(data) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(data) >>> 0;
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const LIMIT = 0xffffffff;

/**
 * Compresses entries once, so several zips (layer, function) can share them.
 * @param {Array<{ name: string, mode: number, data?: Buffer }>} entries  data undefined = a directory
 */
export async function compressEntries(entries, level = 6) {
  return Promise.all(
    entries.map(async (entry) => {
      const isDir = entry.data === undefined;
      const name = isDir && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
      const data = entry.data ?? Buffer.alloc(0);
      if (data.length >= LIMIT)
        throw new Error(`${name}: ${data.length} bytes needs zip64, which this writer lacks`);
      let method = 0;
      let stored = data;
      if (!isDir && data.length > 0 && level > 0) {
        const deflated = await deflateRaw(data, { level });
        if (deflated.length < data.length) {
          method = 8;
          stored = deflated;
        }
      }
      return { name, mode: entry.mode, isDir, method, crc: crc32(data), size: data.length, stored };
    }),
  );
}

/** Writes compressed entries (sorted by name) as a zip file; returns its size in bytes. */
export function writeZip(file, compressed) {
  const sorted = [...compressed].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts = [];
  const central = [];
  let offset = 0;
  for (const entry of sorted) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.stored.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix (3), so the external attributes carry st_mode
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(entry.method, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(entry.crc, 16);
    header.writeUInt32LE(entry.stored.length, 20);
    header.writeUInt32LE(entry.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(0, 30); // extra
    header.writeUInt16LE(0, 32); // comment
    header.writeUInt16LE(0, 34); // disk
    header.writeUInt16LE(0, 36); // internal attributes
    const unixMode = (entry.isDir ? S_IFDIR : S_IFREG) | (entry.mode & 0o7777);
    header.writeUInt32LE(((unixMode << 16) | (entry.isDir ? 0x10 : 0)) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, entry.stored);
    central.push(header, name);
    offset += local.length + name.length + entry.stored.length;
    if (offset >= LIMIT) throw new Error('the zip would pass 4 GiB, which needs zip64');
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  const bytes = Buffer.concat([...parts, ...central, end]);
  writeFileSync(file, bytes);
  return bytes.length;
}

// ---- the app's zip --------------------------------------------------------------------------------------

/** Every file under `dir` as zip entries under `prefix` (directories too); modes kept as 0755 or 0644. */
function folderEntries(dir, prefix, skip = () => false) {
  const entries = [];
  const walk = (current) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      const rel = relative(dir, path).split(sep).join('/');
      if (skip(rel)) continue;
      const stat = lstatSync(path);
      const zipPath = prefix ? `${prefix}/${rel}` : rel;
      if (stat.isSymbolicLink()) throw new Error(`${path}: symbolic links are not packed`);
      if (stat.isDirectory()) {
        entries.push({ name: zipPath, mode: 0o755 });
        walk(path);
      } else if (stat.isFile()) {
        entries.push({ name: zipPath, mode: stat.mode & 0o111 ? 0o755 : 0o644, data: readFileSync(path) });
      }
    }
  };
  walk(dir);
  return entries;
}

/** Takes `package/<member>` out of an npm package tarball (with the system's tar). */
function extractFromTarball(tarball, members) {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-engines-zip-engine-'));
  try {
    const list = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (list.status !== 0) throw new Error(`tar could not list ${tarball}: ${list.stderr}`);
    const present = new Set(list.stdout.split('\n'));
    const wanted = members.filter((member) => present.has(`package/${member}`));
    const out = spawnSync('tar', ['-xzf', tarball, '-C', dir, ...wanted.map((m) => `package/${m}`)], {
      encoding: 'utf8',
    });
    if (out.status !== 0) throw new Error(`tar could not extract from ${tarball}: ${out.stderr}`);
    return Object.fromEntries(wanted.map((member) => [member, readFileSync(join(dir, 'package', member))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * @param {object} spec
 * @param {string} spec.app       'node' | 'bun'
 * @param {string} spec.appDir    the app folder (package.json, Dockerfile, dist/)
 * @param {string} spec.engine    the binary's name in the zip and in its package (bin/<engine>)
 * @param {(arch: 'x64'|'arm64') => { pkg: string, versionArg: string, sha256Arg: string }} spec.package
 *   the engine's npm package for an architecture, and the Dockerfile ARGs that pin its version and SHA-256
 * @param {string[]} [argv]       options (default process.argv)
 * @returns {Promise<Array<{ file: string, arch: string, kind: string, bytes: number, unpacked: number }>>}
 */
export async function buildEngineZip(spec, argv = process.argv.slice(2)) {
  const started = performance.now();
  const { values } = parseArgs({
    args: argv,
    options: {
      arch: { type: 'string', default: 'x86_64' },
      out: { type: 'string' },
      dist: { type: 'string' },
      function: { type: 'string' },
      level: { type: 'string', default: '6' },
    },
  });
  const arches = values.arch === 'all' ? Object.keys(ARCHITECTURES) : [values.arch];
  for (const arch of arches) {
    if (!(arch in ARCHITECTURES)) throw new Error(`--arch must be x86_64, arm64 or all, not ${arch}`);
  }
  const level = Number(values.level);
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new Error('--level must be 0 to 9');
  const dist = resolve(values.dist ?? join(spec.appDir, 'dist'));
  const out = resolve(values.out ?? join(spec.appDir, 'dist'));
  const fn = values.function === undefined ? undefined : resolve(values.function);
  if (!existsSync(join(dist, 'bootstrap')))
    throw new Error(`${dist}/bootstrap does not exist: run pnpm build first`);
  if (fn && !(existsSync(fn) && statSync(fn).isDirectory()))
    throw new Error(`--function ${fn} is not a folder`);
  mkdirSync(out, { recursive: true });

  const runtime = folderEntries(dist, 'runtime', (rel) => !shipsWithRuntime(rel));
  const functionFiles = fn ? folderEntries(fn, '') : [];
  const reserved = new Set(['bootstrap', 'bin', 'runtime']);
  for (const entry of functionFiles) {
    if (reserved.has(entry.name.split('/')[0]))
      throw new Error(`--function: ${entry.name} would clash with the runtime's files`);
  }
  const pinned = dockerfileArgs(join(spec.appDir, 'Dockerfile'));
  const results = [];
  for (const arch of arches) {
    const npmArch = ARCHITECTURES[arch];
    const pkg = spec.package(npmArch);
    const version = pinned[pkg.versionArg];
    const sha256 = pinned[pkg.sha256Arg];
    if (!version || !sha256)
      throw new Error(`${spec.appDir}/Dockerfile does not pin ${pkg.versionArg} and ${pkg.sha256Arg}`);
    const tarball = fetchEngineTarball(pkg.pkg, version, sha256);
    if (!tarball) throw new Error(`npm pack ${pkg.pkg}@${version} failed (is the npm registry reachable?)`);
    const files = extractFromTarball(tarball, [`bin/${spec.engine}`, 'LICENSE']);
    const binary = files[`bin/${spec.engine}`];
    if (!binary) throw new Error(`${pkg.pkg}@${version} has no bin/${spec.engine}`);
    const entries = [
      { name: 'bootstrap', mode: 0o755, data: Buffer.from(wrapperScript(spec.engine, version)) },
      { name: 'bin', mode: 0o755 },
      { name: `bin/${spec.engine}`, mode: 0o755, data: binary },
      ...(files.LICENSE ? [{ name: `bin/${spec.engine}.LICENSE`, mode: 0o644, data: files.LICENSE }] : []),
      { name: 'runtime', mode: 0o755 },
      ...runtime,
    ];
    const layer = await compressEntries(entries, level);
    const unpacked = (list) => list.reduce((sum, e) => sum + e.size, 0);
    const kinds = [['layer', layer]];
    if (fn) kinds.push(['function', [...layer, ...(await compressEntries(functionFiles, level))]]);
    for (const [kind, compressed] of kinds) {
      const file = join(out, zipName(spec.app, arch, kind));
      const bytes = writeZip(file, compressed);
      const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
      results.push({ file, arch, kind, bytes, unpacked: unpacked(compressed), sha256: digest });
      console.log(
        `build-zip (${spec.app}): ${file}: ${spec.engine} ${version} ${arch}, ` +
          `${mb(bytes)} (${mb(unpacked(compressed))} unpacked), sha256 ${digest.slice(0, 16)}...`,
      );
    }
  }
  console.log(
    `build-zip (${spec.app}): ${results.length} zip(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return results;
}

/** Runs `fn` as a script's main: errors become one message and exit code 1. */
export async function main(fn) {
  try {
    await fn();
  } catch (error) {
    console.error(`build-zip: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
