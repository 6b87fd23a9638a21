import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Whether `.js` files in `folder` are ES modules: the nearest package.json says `"type": "module"`.
 * Like RIC (and Node), the walk stops at a `node_modules` folder; an unreadable package.json counts as
 * "not module" (RIC also logs a warning; a library stays quiet).
 */
export function isTypeModuleFolder(folder: string): boolean {
  let current = resolve(folder);
  for (;;) {
    if (basename(current) === 'node_modules') return false;
    const packageJson = join(current, 'package.json');
    if (existsSync(packageJson)) {
      try {
        const pkg: unknown = JSON.parse(readFileSync(packageJson, 'utf8'));
        if (pkg) return (pkg as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    const parent = dirname(current);
    if (parent === current) return false;
    current = parent;
  }
}
