import { defineConfig } from 'tsup';
import { libraryConfig } from '../../.config/tsup.base';

const entry = ['src/index.ts', 'src/locales/vi.ts', 'src/locales/en.ts'];

export default defineConfig([
  // Browsers and other runtimes (`import`/`require`): package.json `imports` resolve to their small defaults.
  libraryConfig({
    entry,
    // Shared ESM chunks, so that a bundle importing both the package and `/locales/vi` carries the locale once.
    splitting: true,
    // The build script empties dist/ once, before both builds (each cleaning would race the other).
    clean: false,
  }),
  // Node (the `node` condition of `exports`): the same modules, with `#strict-object` and `#phone-fast-path`
  // resolved to their Node variants (zod's compiled object parser, the precompiled phone patterns). Same types.
  libraryConfig({
    entry,
    splitting: true,
    platform: 'node',
    outDir: 'dist/node',
    dts: false,
    clean: false,
  }),
]);
