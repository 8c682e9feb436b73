import { defineConfig } from 'tsup';
import { libraryConfig } from '../../.config/tsup.base';

export default defineConfig(
  libraryConfig({
    entry: ['src/index.ts', 'src/locales/vi.ts', 'src/locales/en.ts'],
    // Shared ESM chunks, so that a bundle importing both the package and `/locales/vi` carries the locale once.
    splitting: true,
  }),
);
