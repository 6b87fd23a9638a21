import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defineFaultSuite, hostLauncher } from '@lambda-engines/conformance';

const bootstrap = fileURLToPath(new URL('../dist/bootstrap', import.meta.url));
const bunVersion = execFileSync('bun', ['--version'], { encoding: 'utf8' }).trim();

defineFaultSuite({
  label: `bun ${bunVersion} (host)`,
  engine: 'bun',
  launcher: hostLauncher(bootstrap),
  requires: bootstrap,
  filter: process.env.LAMBDA_ENGINES_FAULTS ? new RegExp(process.env.LAMBDA_ENGINES_FAULTS) : undefined,
});
