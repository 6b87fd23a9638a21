// The one tsup base every library package shares: ESM only, types, dependencies left external.
/** @param {Partial<import('tsup').Options>} [overrides] */
export function libraryConfig(overrides = {}) {
  return {
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    ...overrides,
  };
}
