import type { Options } from 'tsup';

/**
 * The one tsup configuration every publishable healthtrace package uses:
 * ESM + CJS with `.d.ts`/`.d.cts`, tree-shakeable, sources resolved without the
 * `@healthtrace/source` condition so that workspace dependencies stay external.
 */
export function libraryConfig(overrides: Options & { entry: string[] }): Options {
  return {
    format: ['esm', 'cjs'],
    // tsup's declaration build sets `baseUrl`, which TypeScript 6 deprecates.
    dts: { compilerOptions: { customConditions: [], ignoreDeprecations: '6.0' } },
    tsconfig: 'tsconfig.build.json',
    clean: true,
    sourcemap: true,
    treeshake: true,
    splitting: false,
    target: 'es2022',
    platform: 'neutral',
    outDir: 'dist',
    external: [/^node:/],
    ...overrides,
  };
}
