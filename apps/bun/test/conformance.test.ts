import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defineConformanceSuite, hostLauncher } from '@lambda-engines/conformance';

const bootstrap = fileURLToPath(new URL('../dist/bootstrap', import.meta.url));
const bunVersion = execFileSync('bun', ['--version'], { encoding: 'utf8' }).trim();

defineConformanceSuite({
  label: `bun ${bunVersion} (host)`,
  engine: 'bun',
  launcher: hostLauncher(bootstrap),
  requires: bootstrap,
});
