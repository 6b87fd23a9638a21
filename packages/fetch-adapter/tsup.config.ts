import { libraryConfig } from '@lambda-engines/build-config/tsup';

// Two entries sharing chunks: the whole API, and the detector alone (the runtime checks a loaded handler
// with it at init without loading the adapter).
export default libraryConfig({
  entry: {
    index: 'src/index.ts',
    'is-fetch-handler': 'src/is-fetch-handler.ts',
  },
  splitting: true,
});
