import { fileURLToPath } from 'node:url';
import { defineEmulatorSampleSuite } from '@lambda-engines/conformance';

defineEmulatorSampleSuite({
  label: 'bun',
  bootstrap: fileURLToPath(new URL('../dist/bootstrap', import.meta.url)),
  sample: fileURLToPath(new URL('../sample', import.meta.url)),
});
