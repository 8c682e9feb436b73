import { copyFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { libraryConfig } from '../../.config/tsup.base';

export default defineConfig(
  libraryConfig({
    entry: ['src/index.ts', 'src/provinces.ts', 'src/wards-2025.ts', 'src/pre-2025.ts', 'src/mapping.ts'],
    // Shared chunks instead of copies: the main entry loads the unit lists with import(), and each
    // entry must carry only its own data.
    splitting: true,
    // The data licence travels with the data (package.json "files" ships only dist/).
    onSuccess: async () => {
      copyFileSync('data/LICENSE-dvhcvn-20250701.txt', 'dist/LICENSE-dvhcvn-20250701.txt');
    },
  }),
);
