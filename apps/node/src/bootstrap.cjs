#!/usr/bin/env node
'use strict';
// The runtime's entry (dist/bootstrap, /var/runtime/bootstrap). It compiles runtime.cjs with the V8 code
// cache in compile-cache/, which prime-compile-cache.cjs writes when the image is built. That cache is
// made after one invocation, so it holds the bytecode of every function a cold start runs; Node's own
// compile cache holds only the top level, and V8 then compiles ~120 functions lazily on the first
// invocation (~3 ms on Node 20 and 24). A missing, stale or rejected cache costs only its read.
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');

const file = `${__dirname}/runtime.cjs`;
const cacheDir = `${__dirname}/compile-cache`;
const cacheFile = `${cacheDir}/runtime-${process.version}-${process.arch}.bin`;
const source = readFileSync(file);

// The cache file is [source length, u32 LE][the source][V8's data]. It carries its source because V8
// checks only the source's length before running the cached bytecode.
function readCache() {
  let cache;
  try {
    cache = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const end = 4 + source.length;
  if (cache.length <= end || cache.readUInt32LE(0) !== source.length) return undefined;
  return source.equals(cache.subarray(4, end)) ? cache.subarray(end) : undefined;
}

function writeCacheAtExit(script) {
  process.on('exit', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(source.length);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${cacheFile}.tmp`, Buffer.concat([header, source, script.createCachedData()]));
    renameSync(`${cacheFile}.tmp`, cacheFile);
  });
}

const cachedData = readCache();
// lineOffset -1: the wrapper's line is not counted, so stack traces give runtime.cjs's own lines.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
  filename: file,
  lineOffset: -1,
  cachedData,
});
if (process.env.LAMBDA_ENGINES_COMPILE_CACHE === 'write') writeCacheAtExit(script);
else if (process.env.LAMBDA_ENGINES_COMPILE_CACHE === 'log') {
  const state = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  process.stderr.write(`lambda-engines: compile cache for ${file}: ${state}\n`);
}
const runtime = { exports: {} };
script.runInThisContext()(runtime.exports, require, runtime, file, __dirname);
runtime.exports.start({ importModule: (url) => import(url), requireModule: require });
