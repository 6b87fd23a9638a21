import { fileURLToPath } from 'node:url';
import { defineConformanceSuite, hostLauncher } from '@lambda-engines/conformance';

const bootstrap = fileURLToPath(new URL('../dist/bootstrap', import.meta.url));

defineConformanceSuite({
  label: 'python 3.11 (host)',
  engine: 'python',
  launcher: hostLauncher(bootstrap),
  requires: bootstrap,
});
