import { fileURLToPath } from 'node:url';
import { defineConformanceSuite, hostLauncher } from '@lambda-engines/conformance';

const bootstrap = fileURLToPath(new URL('../dist/bootstrap', import.meta.url));

defineConformanceSuite({
  label: `node ${process.version} (host)`,
  engine: 'node',
  launcher: hostLauncher(bootstrap),
  requires: bootstrap,
});
