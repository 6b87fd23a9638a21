import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defineFaultSuite, hostLauncher } from '@lambda-engines/conformance';

const bootstrap = fileURLToPath(new URL('../dist/bootstrap', import.meta.url));
const pythonVersion = execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim();

defineFaultSuite({
  label: `${pythonVersion} (host)`,
  engine: 'python',
  launcher: hostLauncher(bootstrap),
  requires: bootstrap,
  filter: process.env.LAMBDA_ENGINES_FAULTS ? new RegExp(process.env.LAMBDA_ENGINES_FAULTS) : undefined,
});
