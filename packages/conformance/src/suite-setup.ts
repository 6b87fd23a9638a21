import { existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES } from './fixtures-dir.ts';

/**
 * Inside a `describe`: fails loudly when the bootstrap under test is not built (returns false), and
 * otherwise copies the fixtures for the suite. They run from a copy outside this package, whose
 * package.json says "type": "module": a function's folder must decide its own module format, as it does
 * in /var/task. Returns the copy's path (valid once the suite's `before` has run).
 */
export function prepareSuite(
  requires: string | undefined,
  prefix: string,
): { fixtures(): string } | undefined {
  if (requires && !existsSync(requires)) {
    test('bootstrap is built', () => {
      throw new Error(`${requires} does not exist: run \`pnpm build\` first`);
    });
    return undefined;
  }
  let copy = '';
  before(async () => {
    copy = await mkdtemp(join(tmpdir(), `${prefix}-`));
    await cp(FIXTURES, copy, { recursive: true });
    // Readable by an image's non-root user when mounted as /var/task (mkdtemp makes it 0700).
    await chmod(copy, 0o755);
  });
  after(() => rm(copy, { recursive: true, force: true }));
  return { fixtures: () => copy };
}
