import { libraryConfig } from '@lambda-engines/build-config/tsup';

// Two programs: the suite (cli) and the fake Runtime API it runs in a child process.
export default libraryConfig({ entry: ['src/cli.ts', 'src/fake-api-main.ts'], dts: false, sourcemap: false });
