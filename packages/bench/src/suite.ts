import { FakeApiClient } from './api-client.ts';
import type { SuiteConfig } from './config.ts';
import { type Command, Running } from './processes.ts';
import { sleep } from './stats.ts';
import type { Discovery, Engine, Job, Target } from './targets.ts';

/** Everything measured in one run (raw figures; `report.ts` turns them into ratios). */
export interface Measurements {
  config: SuiteConfig;
  startedAt: string;
  durationS: number;
  versions: Record<string, string>;
  notes: string[];
  failures: string[];
  /** invokes/s the fake API sustains with a pipelining client. */
  ceiling: number[];
  /** Per target: warm invokes/s, one per round; and the fake API's CPU share during each. */
  warm: Record<string, number[]>;
  warmApiCpu: Record<string, number[]>;
  /** Per target: spawn to first response posted (ms). */
  cold: Record<string, number[]>;
  /** Per engine: `-e 0` spawn to exit (ms). */
  bare: Record<string, number[]>;
  memory: Record<string, { first: number; second: number; rssFirst: number; rssSecond: number }>;
  /** Per target: ms from the event leaving the fake API to the stream's first body byte arriving. */
  firstByte: Record<string, number[]>;
  /** Per target: MB/s (10^6 bytes) of a fast-read stream. */
  throughput: Record<string, { bytes: number; mbPerS: number }>;
  /** Per target: RSS before and at peak while a slow reader takes `bytes`. */
  slow: Record<string, { bytes: number; rateBytesPerS: number; rssBefore: number; rssPeak: number }>;
  /** Per payload label, per target: ms per invoke and the bytes the fake API received per invoke. */
  payload: Record<string, Record<string, { ms: number; bytes: number }>>;
}

const SMALL_EVENT = { key1: 'value1', key2: 'value2', key3: 'value3' };
const HELLO_EVENT = { name: 'world' };

export const FUNCTION_ENV: Readonly<Record<string, string>> = {
  AWS_LAMBDA_FUNCTION_NAME: 'bench-fn',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
  AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/bench-fn',
  AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]0123456789abcdef',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  TZ: ':UTC',
};

export interface SuiteOptions {
  readonly config: SuiteConfig;
  readonly discovery: Discovery;
  /** The fake API's program (dist/fake-api-main.js). */
  readonly fakeApiScript: string;
  readonly ceilingClient: string;
  readonly versions: Record<string, string>;
  readonly log: (line: string) => void;
}

function push(record: Record<string, number[]>, key: string, value: number): void {
  const list = record[key] ?? [];
  list.push(value);
  record[key] = list;
}

/** Runs every measurement; a failing step is recorded and the rest goes on. */
export async function runSuite(options: SuiteOptions): Promise<Measurements> {
  const { config, discovery, log } = options;
  const started = performance.now();
  const m: Measurements = {
    config,
    startedAt: new Date().toISOString(),
    durationS: 0,
    versions: options.versions,
    notes: [...discovery.notes],
    failures: [],
    ceiling: [],
    warm: {},
    warmApiCpu: {},
    cold: {},
    bare: {},
    memory: {},
    firstByte: {},
    throughput: {},
    slow: {},
    payload: {},
  };
  const api = await FakeApiClient.start(options.fakeApiScript);
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
    ...FUNCTION_ENV,
    AWS_LAMBDA_RUNTIME_API: api.address,
  };
  const start = (command: Command): Running => new Running(command, baseEnv);
  const targets = discovery.targets;
  const attempt = async (what: string, step: () => Promise<void>): Promise<void> => {
    try {
      await step();
    } catch (error) {
      const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
      m.failures.push(message);
      log(`  FAILED ${message}`);
    }
  };
  /** Fails fast (with its stderr) if the process exits before `promise` settles. */
  const guard = <T>(proc: Running, promise: Promise<T>): Promise<T> =>
    Promise.race([
      promise,
      proc.exited.then((code) => {
        throw new Error(`exited (${code}) early; stderr: ${proc.stderr.trim().slice(-400) || '(empty)'}`);
      }),
    ]);

  try {
    // The fake API's own ceiling.
    log('fake Runtime API ceiling');
    await attempt('ceiling', async () => {
      for (let round = 0; round < Math.max(1, config.warmRounds - 1); round++) {
        const r = await warmOnce({ file: process.execPath, args: [options.ceilingClient] });
        m.ceiling.push(r.rate);
      }
    });

    // Warm loop: rounds interleaved, the order rotated each round.
    log('warm loop');
    const warmTargets = targets.filter((t) => t.handlers.has('echo'));
    for (let round = 0; round < config.warmRounds; round++) {
      for (let k = 0; k < warmTargets.length; k++) {
        const target = warmTargets[(round + k) % warmTargets.length]!;
        await attempt(`warm ${target.id}`, async () => {
          const r = await warmOnce(target.command({ handler: 'echo' }));
          push(m.warm, target.id, r.rate);
          push(m.warmApiCpu, target.id, r.apiCpu);
        });
      }
    }

    // Cold start: every target and bare engine once per run, the order rotated.
    log('cold start');
    const coldItems: Array<{ id: string; run: () => Promise<number> }> = [
      ...targets
        .filter((t) => t.handlers.has('hello'))
        .map((t) => ({ id: t.id, run: () => coldOnce(t.command({ handler: 'hello' })) })),
      ...discovery.bare.map((b) => ({ id: `bare-${b.engine}`, run: () => bareOnce(b.command) })),
    ];
    // One unrecorded run each first (page cache, bytecode caches); the smoke run skips it.
    if (config.name === 'full') {
      for (const item of coldItems) {
        await attempt(`cold ${item.id} (warm-up run)`, async () => void (await item.run()));
      }
    }
    for (let run = 0; run < config.coldRuns; run++) {
      for (let k = 0; k < coldItems.length; k++) {
        const item = coldItems[(run + k) % coldItems.length]!;
        await attempt(`cold ${item.id}`, async () => {
          const ms = await item.run();
          if (item.id.startsWith('bare-')) push(m.bare, item.id.slice(5), ms);
          else push(m.cold, item.id, ms);
        });
      }
    }

    // Memory.
    log('memory');
    for (const target of warmTargets) {
      await attempt(`memory ${target.id}`, async () => {
        await api.reset(SMALL_EVENT);
        const proc = start(target.command({ handler: 'echo' }));
        try {
          await guard(proc, api.serveUntil(config.memoryFirst, config.memoryFirst, config.stepTimeoutMs));
          await sleep(50);
          const rssFirst = proc.rss();
          // The long leg (to 100k) is for the apps, whose growth has a goal, and the peers beside them (AWS's
          // client sets _X_AMZN_TRACE_ID per invocation too); floors and experiments give RSS at 10k only.
          if (target.role !== 'app' && target.role !== 'peer') {
            m.memory[target.id] = {
              first: config.memoryFirst,
              second: Number.NaN,
              rssFirst,
              rssSecond: Number.NaN,
            };
            return;
          }
          const rest = config.memorySecond - config.memoryFirst;
          await guard(proc, api.serveUntil(rest, config.memorySecond, config.stepTimeoutMs * 2));
          await sleep(50);
          const rssSecond = proc.rss();
          m.memory[target.id] = {
            first: config.memoryFirst,
            second: config.memorySecond,
            rssFirst,
            rssSecond,
          };
        } finally {
          await proc.stop();
        }
      });
    }

    // Streaming.
    log('streaming');
    const streamTargets = targets.filter((t) => t.handlers.has('stream'));
    for (const target of streamTargets) {
      await attempt(`first byte ${target.id}`, async () => {
        await api.reset({});
        const proc = start(target.command({ handler: 'firstByte' }));
        try {
          await guard(proc, api.serveUntil(config.firstByteRuns, config.firstByteRuns, config.stepTimeoutMs));
          const streams = await api.streams();
          // The handler writes at once: event sent to first body byte = the runtime's way to the first byte.
          m.firstByte[target.id] = streams.map((s) => Number(s.firstByteAt - s.eventAt) / 1e6);
          if (streams.length === 0) throw new Error('no stream arrived');
        } finally {
          await proc.stop();
        }
      });
      await attempt(`stream ${target.id}`, async () => {
        await api.reset({ bytes: config.streamWarmBytes });
        const proc = start(target.command({ handler: 'stream' }));
        try {
          await guard(proc, api.serveUntil(1, 1, config.stepTimeoutMs));
          // Slow reader: RSS sampled every 5 ms while the fake API reads at `slowRate`.
          await api.setEvent({ bytes: config.slowBytes });
          await api.slow(config.slowRate);
          await sleep(20);
          const rssBefore = proc.rss();
          let rssPeak = rssBefore;
          const sampler = setInterval(() => {
            const rss = proc.rss();
            if (rss > rssPeak) rssPeak = rss;
          }, 5);
          try {
            await guard(proc, api.serveUntil(1, 2, config.stepTimeoutMs));
          } finally {
            clearInterval(sampler);
          }
          await api.slow(0);
          m.slow[target.id] = { bytes: config.slowBytes, rateBytesPerS: config.slowRate, rssBefore, rssPeak };
          // Fast reader: throughput from the first body byte to the last chunk.
          await api.setEvent({ bytes: config.streamBytes });
          await guard(proc, api.serveUntil(1, 3, config.stepTimeoutMs));
          const streams = await api.streams();
          const last = streams[streams.length - 1];
          if (last === undefined || last.bytes !== config.streamBytes) {
            throw new Error(`expected a ${config.streamBytes}-byte stream, got ${last?.bytes}`);
          }
          const seconds = Number(last.endAt - last.firstByteAt) / 1e9;
          m.throughput[target.id] = { bytes: last.bytes, mbPerS: last.bytes / 1e6 / seconds };
        } finally {
          await proc.stop();
        }
      });
    }

    // Payloads (buffered).
    log('payloads');
    for (const payload of config.payloads) {
      const rows: Record<string, { ms: number; bytes: number }> = {};
      m.payload[payload.label] = rows;
      for (const target of targets.filter((t) => t.handlers.has('payload'))) {
        await attempt(`payload ${payload.label} ${target.id}`, async () => {
          await api.reset({ size: payload.size });
          const proc = start(target.command({ handler: 'payload', size: payload.size }));
          try {
            await guard(proc, api.serveUntil(2, 2, config.stepTimeoutMs));
            const before = await api.mark();
            const end = await guard(
              proc,
              api.serveUntil(payload.runs, 2 + payload.runs, config.stepTimeoutMs * 2),
            );
            const after = await api.mark();
            if (after.errors > 0)
              throw new Error(`${after.errors} invocation errors (is the payload too large?)`);
            rows[target.id] = {
              ms: Number(end - before.at) / 1e6 / payload.runs,
              bytes: (after.bodyBytes - before.bodyBytes) / payload.runs,
            };
          } finally {
            await proc.stop();
          }
        });
      }
    }
  } finally {
    await api.close();
  }
  m.durationS = (performance.now() - started) / 1000;
  return m;

  async function warmOnce(command: Command): Promise<{ rate: number; apiCpu: number }> {
    await api.reset(SMALL_EVENT);
    const proc = start(command);
    try {
      await guard(proc, api.serveUntil(-1, config.warmWarmup, config.stepTimeoutMs));
      const a = await api.mark();
      await sleep(config.warmWindowMs);
      const b = await api.mark();
      if (b.errors > 0) throw new Error(`${b.errors} invocation errors`);
      const seconds = Number(b.at - a.at) / 1e9;
      return {
        rate: (b.responses - a.responses) / seconds,
        apiCpu: (b.cpuMicros - a.cpuMicros) / 1e6 / seconds,
      };
    } finally {
      await proc.stop();
    }
  }

  async function coldOnce(command: Command): Promise<number> {
    await api.reset(HELLO_EVENT);
    const { at } = await api.armFirstResponse(config.stepTimeoutMs);
    const t0 = process.hrtime.bigint();
    const proc = start(command);
    try {
      const t1 = await guard(proc, at);
      if (t1 === undefined) throw new Error('no response before the timeout');
      return Number(t1 - t0) / 1e6;
    } finally {
      await proc.stop();
    }
  }

  async function bareOnce(command: Command): Promise<number> {
    const t0 = process.hrtime.bigint();
    const proc = start(command);
    const code = await proc.exited;
    const t1 = process.hrtime.bigint();
    if (code !== 0) throw new Error(`exited ${code}`);
    return Number(t1 - t0) / 1e6;
  }
}

export type { Engine, Job, Target };
