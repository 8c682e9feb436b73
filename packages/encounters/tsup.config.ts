import { defineConfig } from 'tsup';
import { libraryConfig } from '../../.config/tsup.base';

export default defineConfig(
  libraryConfig({
    entry: {
      index: 'src/index.ts',
      'node/index': 'src/node/index.ts',
      'node/match-worker': 'src/node/match-worker.ts',
    } as unknown as string[],
    // The Node-only worker pool finds its worker file through import.meta.url, also in the CommonJS build.
    shims: true,
  }),
);
