// Micro-benchmark of the Runtime API transports (not a test). Usage: `node bench/transport.mjs` or
// `bun bench/transport.mjs` (after `pnpm build`). Env: BENCH_MS (per round, default 1500),
// BENCH_ROUNDS (default 3), BENCH_COLD_RUNS (default 7).
//
// One run: starts a fast fake Runtime API in a child process (always Node, so only the client engine
// varies), then measures
// - warm invokes/s (GET /next + POST the event back) of: a minimal raw-socket loop (the floor),
//   SocketTransport, UndiciTransport, and a node:http keep-alive Agent loop; rounds interleaved, median;
// - cold start: spawn a child (same engine as this script) that does the first next + response and exits,
//   each client bundled with esbuild like a bootstrap would be; median wall time.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHttp, createRaw, fromTransport } from './clients.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, '..', 'dist');
if (!existsSync(join(dist, 'index.js'))) {
  console.error('dist/ is missing: run `pnpm build` first.');
  process.exit(1);
}
const engine = typeof Bun !== 'undefined' ? `bun ${Bun.version}` : `node ${process.version}`;
const MS = Number(process.env.BENCH_MS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);

const { SocketTransport } = await import(pathToFileURL(join(dist, 'index.js')).href);
const { UndiciTransport } = await import(pathToFileURL(join(dist, 'undici.js')).href);

// Fake Runtime API child.
const server = spawn('node', [join(here, 'fake-api.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve, reject) => {
  server.stdout.once('data', (d) => resolve(Number(String(d).trim())));
  server.once('error', reject);
});
const address = `127.0.0.1:${port}`;

const loops = {
  raw: () => createRaw(address),
  socket: () => fromTransport(new SocketTransport({ address })),
  undici: () => fromTransport(new UndiciTransport({ address })),
  'node:http': () => createHttp(address),
};
const labels = {
  raw: 'raw net loop (floor)',
  socket: 'SocketTransport',
  undici: 'UndiciTransport',
  'node:http': 'node:http Agent loop',
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(create) {
  const client = await create();
  for (let i = 0; i < 2000; i++) await client.invoke(); // warm up (JIT, connection)
  let count = 0;
  const started = performance.now();
  const until = started + MS;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i++) await client.invoke();
    count += 100;
  }
  const rate = count / ((performance.now() - started) / 1000);
  await client.close();
  return rate;
}

const warm = Object.fromEntries(Object.keys(loops).map((k) => [k, []]));
const loopNames = Object.keys(loops);
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < loopNames.length; k++) {
    const name = loopNames[(round + k) % loopNames.length];
    warm[name].push(await measure(loops[name]));
  }
}

// Cold start: one bundled entry per client.
const work = mkdtempSync(join(tmpdir(), 'runtime-api-bench-'));
const entries = {
  raw: `import { createRaw } from ${JSON.stringify(join(here, 'clients.mjs'))};
const c = await createRaw(process.env.AWS_LAMBDA_RUNTIME_API); await c.invoke(); c.close(); process.exit(0);`,
  socket: `import { SocketTransport } from ${JSON.stringify(join(dist, 'index.js'))};
const t = new SocketTransport(); const i = await t.next(); await t.postResponse(i.requestId, i.event); await t.close(); process.exit(0);`,
  undici: `import { UndiciTransport } from ${JSON.stringify(join(dist, 'undici.js'))};
const t = new UndiciTransport(); const i = await t.next(); await t.postResponse(i.requestId, i.event); await t.close(); process.exit(0);`,
  'node:http': `import { createHttp } from ${JSON.stringify(join(here, 'clients.mjs'))};
const c = createHttp(process.env.AWS_LAMBDA_RUNTIME_API); await c.invoke(); c.close(); process.exit(0);`,
};
let bundled = false;
try {
  const requireFromTsup = createRequire(createRequire(import.meta.url).resolve('tsup'));
  const esbuild = requireFromTsup('esbuild');
  for (const [name, source] of Object.entries(entries)) {
    const file = join(work, `${name.replace(':', '-')}.entry.mjs`);
    writeFileSync(file, source);
    await esbuild.build({
      entryPoints: [file],
      outfile: join(work, `${name.replace(':', '-')}.mjs`),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: true,
      logLevel: 'silent',
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
  }
  bundled = true;
} catch (error) {
  console.error(`esbuild unavailable (${error.message}); cold start runs unbundled sources`);
  for (const [name, source] of Object.entries(entries))
    writeFileSync(join(work, `${name.replace(':', '-')}.mjs`), source);
}

function coldRun(name) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(work, `${name.replace(':', '-')}.mjs`)], {
      env: { ...process.env, AWS_LAMBDA_RUNTIME_API: address },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`${name} exited ${code}`)),
    );
  });
}
const cold = Object.fromEntries(Object.keys(entries).map((k) => [k, []]));
for (const name of Object.keys(entries)) await coldRun(name); // warm the OS caches
const names = Object.keys(entries);
for (let run = 0; run < COLD_RUNS; run++) {
  // Rotate the order so no client always runs first (or right after a slow one).
  for (let k = 0; k < names.length; k++) {
    const name = names[(run + k) % names.length];
    cold[name].push(await coldRun(name));
  }
}

server.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });

const floorWarm = median(warm.raw);
const floorCold = median(cold.raw);
const floorColdMin = Math.min(...cold.raw);
console.log(
  `\n${engine}: ${ROUNDS} x ${MS} ms warm rounds, ${COLD_RUNS} cold runs (${bundled ? 'esbuild bundles' : 'unbundled'})\n`,
);
console.log('| loop | warm invokes/s | vs floor | cold start, median (min) | vs floor, median (min) |');
console.log('|---|---:|---:|---:|---:|');
for (const name of Object.keys(loops)) {
  const w = median(warm[name]);
  const c = median(cold[name]);
  const cMin = Math.min(...cold[name]);
  const signed = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
  console.log(
    `| ${labels[name]} | ${Math.round(w)} | ${(w / floorWarm).toFixed(2)}x | ${c.toFixed(1)} (${cMin.toFixed(1)}) ms | ` +
      `${name === 'raw' ? '-' : `${signed(c - floorCold)} (${signed(cMin - floorColdMin)}) ms`} |`,
  );
}
