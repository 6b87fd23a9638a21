import { libraryConfig } from '@lambda-engines/build-config/tsup';

// Two entries; splitting so both share one copy of the error classes (instanceof works across them).
export default libraryConfig({ entry: ['src/index.ts', 'src/undici.ts'], splitting: true });
