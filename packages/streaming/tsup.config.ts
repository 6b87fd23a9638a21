import { libraryConfig } from '@lambda-engines/build-config/tsup';

// Three entries sharing chunks: the whole API, the init-time part, and the writer.
export default libraryConfig({
  entry: {
    index: 'src/index.ts',
    handler: 'src/handler.ts',
    'response-stream': 'src/response-stream-entry.ts',
  },
  splitting: true,
});
