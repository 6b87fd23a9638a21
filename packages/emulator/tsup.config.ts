import { libraryConfig } from '@lambda-engines/build-config/tsup';

export default libraryConfig({ entry: ['src/index.ts', 'src/cli.ts'] });
