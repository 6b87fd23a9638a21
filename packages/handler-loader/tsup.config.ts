import { libraryConfig } from '@lambda-engines/build-config/tsup';

export default libraryConfig();
