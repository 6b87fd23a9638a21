// `pnpm bench`: runs the suite, prints the table, writes results/latest.{json,svg,md}.
// Flags: --smoke (tiny counts, a few seconds, no experiments), --out <dir>, --no-variants,
// --only <names> (comma-separated engine families node,node24,bun,python or target ids; floors stay).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderSvg } from './chart-svg.ts';
import { primeCompileCaches } from './compile-cache.ts';
import { FULL, SMOKE } from './config.ts';
import { buildReport, formatTable } from './report.ts';
import { runSuite } from './suite.ts';
import { discoverTargets, fixtures, packageRoot, selectTargets } from './targets.ts';
import { buildVariants } from './variants.ts';

const USAGE = `usage: node packages/bench/dist/cli.js [options]   (pnpm bench builds the apps, then runs it with none)
  --smoke          tiny counts, a few seconds, no experiments (also BENCH_SMOKE=1)
  --out <dir>      where results/latest.{json,svg,md} go (default packages/bench/results)
  --only <names>   comma-separated engine families (node,node24,bun,python) or target ids; floors stay
  --no-variants    skip the Bun experiments
  --help           this text
`;

function parseCliArgs() {
  try {
    return parseArgs({
      options: {
        smoke: { type: 'boolean' },
        out: { type: 'string' },
        only: { type: 'string' },
        'no-variants': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    // A mistyped flag would otherwise start a five-minute full run.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}
const parsed = parseCliArgs();
if (parsed.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const smoke = parsed.smoke === true || process.env.BENCH_SMOKE === '1';
const outDir = parsed.out ?? join(packageRoot, 'results');
const config = smoke ? SMOKE : FULL;
const only =
  parsed.only !== undefined
    ? parsed.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
if (only !== undefined && only.length === 0) {
  process.stderr.write('--only needs a list: e.g. --only node,node24\n');
  process.exit(2);
}

function version(file: string, flag: string): string {
  const r = spawnSync(file, [flag], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? `${r.stdout}${r.stderr}`.trim() : 'unavailable';
}

// The experiments only in full runs (the smoke run proves the measurement paths, not the levers).
// The experiments are all Bun ones: built only when Bun is measured.
const wantsBun = only === undefined || only.some((name) => name === 'bun' || name.startsWith('bun-'));
const variants = parsed['no-variants'] === true || smoke || !wantsBun ? undefined : buildVariants();
const found = discoverTargets(variants?.targets ?? []);
if (variants) found.notes.push(...variants.notes);
let discovery = found;
if (only !== undefined) {
  try {
    discovery = selectTargets(found, only);
  } catch (error) {
    variants?.cleanup();
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
let ricVersion = 'not installed';
try {
  const pkg = join(packageRoot, 'peers/node_modules/aws-lambda-ric/package.json');
  ricVersion = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
} catch {}
const versions = {
  node: process.version,
  ...discovery.versions,
  bun: version('bun', '--version'),
  python: version('python3', '--version'),
  'aws-lambda-ric': ricVersion,
  cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
};

const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
log(`${config.name} run; targets: ${discovery.targets.map((t) => t.id).join(', ')}`);
// As the image build does (apps/node/Dockerfile): our Node image never starts without it.
for (const line of primeCompileCaches(discovery.targets)) discovery.notes.push(`compile cache, ${line}`);
for (const note of discovery.notes) log(`note: ${note}`);

const self = fileURLToPath(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));
// From dist/ (pnpm bench) or from src/ under tsx (the smoke test): the fake API's program sits beside us.
const fakeApiScript = join(here, self.endsWith('.ts') ? 'fake-api-main.ts' : 'fake-api-main.js');
let failed = false;
try {
  const measurements = await runSuite({
    config,
    discovery,
    fakeApiScript,
    ceilingClient: join(fixtures, 'loops/ceiling-client.mjs'),
    versions,
    log,
  });
  const report = buildReport(measurements, discovery.targets);
  const table = formatTable(report);
  const title = `lambda-engines bench (${config.name}), ${measurements.startedAt}, ${versions.cpus}`;
  mkdirSync(outDir, { recursive: true });
  const json = {
    title,
    versions,
    config,
    notes: measurements.notes,
    failures: measurements.failures,
    rows: report.rows,
    targets: report.targets,
    raw: measurements,
  };
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(outDir, 'latest.svg'), renderSvg(report, title));
  const notes = [...measurements.notes, ...measurements.failures.map((f) => `FAILED ${f}`)];
  const md = `${title}; ${Object.entries(versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(
      ', ',
    )}; ${measurements.durationS.toFixed(0)} s\n\n${table}\n${notes.length ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
  writeFileSync(join(outDir, 'latest.md'), md);
  process.stdout.write(`\n${md}\n`);
  const met = report.targets.filter((t) => t.met).length;
  log(`goals met: ${met}/${report.targets.length}; wrote ${join(outDir, 'latest.{json,svg,md}')}`);
  failed = measurements.failures.length > 0;
} finally {
  variants?.cleanup();
}
process.exit(failed ? 1 : 0);
