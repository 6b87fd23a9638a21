import { fileURLToPath } from 'node:url';
import { defineFaultSuite, hostLauncher } from '@lambda-engines/conformance';

const bootstrap = fileURLToPath(new URL('../dist/bootstrap', import.meta.url));

defineFaultSuite({
  label: `node ${process.version} (host)`,
  engine: 'node',
  launcher: hostLauncher(bootstrap),
  requires: bootstrap,
  filter: process.env.LAMBDA_ENGINES_FAULTS ? new RegExp(process.env.LAMBDA_ENGINES_FAULTS) : undefined,
});
