import { defineConfig } from 'tsup';
import { libraryConfig } from '../../.config/tsup.base';

// The worker-thread entry is built next to the bundle: ScanPool loads dist/scan-worker.{js,cjs} by URL.
export default defineConfig(libraryConfig({ platform: 'node', entry: ['src/index.ts', 'src/run/scan-worker.ts'] }));
