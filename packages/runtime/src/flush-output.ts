/** How long the final flush of stdout/stderr may take. */
const FLUSH_BOUND_MS = 300;
/** Extra wait on Bun, whose stdout gives no signal when a pipe write has left (512 KB took < 50 ms here). */
const BUN_FLUSH_GRACE_MS = 100;

/**
 * Resolves once what was written to stdout and stderr has left the process, bounded: the last log
 * lines before an exit (an uncaught error, a shutdown) must reach Lambda's logs.
 */
export async function flushOutput(): Promise<void> {
  await Promise.race([Promise.all([flush(process.stdout), flush(process.stderr)]), delay(FLUSH_BOUND_MS)]);
  // Bun buffers pipe writes out of sight (writableLength stays 0, no 'drain'): give them a moment.
  if (process.versions.bun !== undefined) await delay(BUN_FLUSH_GRACE_MS);
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    const settle = () => stream.write('', () => resolve());
    if (stream.writableLength > 0 || stream.writableNeedDrain) stream.once('drain', settle);
    else settle();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
