import { defineConfig } from 'tsup';
import { libraryConfig } from '../../.config/tsup.base';

export default defineConfig(libraryConfig({ entry: ['src/index.ts', 'src/key-server.ts', 'src/export-files.ts', 'src/node.ts'] }));
