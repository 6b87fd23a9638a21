/** How much the suite measures. `full` fits in a few minutes on 2 cores; `smoke` in a few seconds. */
export interface SuiteConfig {
  readonly name: 'full' | 'smoke';
  /** Interleaved rounds of the warm loop; each round is one fresh process per target. */
  readonly warmRounds: number;
  readonly warmWarmup: number;
  readonly warmWindowMs: number;
  readonly coldRuns: number;
  readonly memoryFirst: number;
  readonly memorySecond: number;
  readonly firstByteRuns: number;
  readonly streamWarmBytes: number;
  readonly streamBytes: number;
  readonly slowBytes: number;
  readonly slowRate: number;
  readonly payloads: ReadonlyArray<{ label: string; size: number; runs: number }>;
  /** Longest wait for any one step before it counts as failed. */
  readonly stepTimeoutMs: number;
}

const MiB = 1024 * 1024;

export const FULL: SuiteConfig = {
  name: 'full',
  warmRounds: 4,
  // Steady state: Node 24's JIT tiers our loop up more slowly than Node 20's (invocations 3,000-11,000 ran
  // 15-30% slower than 30,000-38,000 on Node 24, not on Node 20); the floors are steady almost at once.
  warmWarmup: 15_000,
  warmWindowMs: 1000,
  coldRuns: 25,
  memoryFirst: 10_000,
  memorySecond: 100_000,
  firstByteRuns: 25,
  streamWarmBytes: 8 * MiB,
  streamBytes: 100 * MiB,
  slowBytes: 64 * MiB,
  slowRate: 64 * MiB,
  payloads: [
    { label: '1 MB', size: 1_000_000, runs: 20 },
    { label: '5.9 MB', size: 5_900_000, runs: 8 },
  ],
  stepTimeoutMs: 60_000,
};

export const SMOKE: SuiteConfig = {
  name: 'smoke',
  warmRounds: 1,
  warmWarmup: 20,
  warmWindowMs: 100,
  coldRuns: 1,
  memoryFirst: 50,
  memorySecond: 150,
  firstByteRuns: 2,
  streamWarmBytes: 64 * 1024,
  streamBytes: 1 * MiB,
  slowBytes: 1 * MiB,
  slowRate: 16 * MiB,
  payloads: [
    { label: '1 MB', size: 1_000_000, runs: 1 },
    { label: '5.9 MB', size: 5_900_000, runs: 1 },
  ],
  stepTimeoutMs: 20_000,
};
