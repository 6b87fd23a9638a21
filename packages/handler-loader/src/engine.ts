/** The one place that tells Node from Bun and knows which engines can run TypeScript. */
export interface EngineInfo {
  readonly name: 'bun' | 'node';
  readonly version: string;
}

export function currentEngine(): EngineInfo {
  const bun = process.versions.bun;
  return bun === undefined ? { name: 'node', version: process.versions.node } : { name: 'bun', version: bun };
}

const STRIP_FLAGS = ['--experimental-strip-types', '--experimental-transform-types'];

/**
 * Bun always runs TypeScript. Node does when it strips types: `process.features.typescript` says so
 * on Node >= 22.10 / 23 (on by default from 22.18 and 23.6); Node 22.6 to 22.9 need the flag.
 */
export function canRunTypeScript(): boolean {
  if (currentEngine().name === 'bun') return true;
  const typescript = (process.features as { typescript?: unknown }).typescript;
  if (typescript !== undefined) return typescript !== false;
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 6)) return false;
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return args.some((arg) => STRIP_FLAGS.includes(arg));
}
