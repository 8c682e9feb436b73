/**
 * Bundles the page with esbuild into `dist/` (not committed): `app.js` (ESM, minified, the SDK packages read
 * from their TypeScript sources through the `@healthtrace/source` condition) and `index.html`.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The folder the page is built into. */
export const DIST_DIR: string = fileURLToPath(new URL('../dist/', import.meta.url));

/**
 * Builds the page.
 *
 * @returns the size of `app.js` in bytes.
 */
export async function buildPage(): Promise<number> {
  mkdirSync(DIST_DIR, { recursive: true });
  const result = await build({
    entryPoints: [fileURLToPath(new URL('page/app.ts', import.meta.url))],
    outfile: `${DIST_DIR}app.js`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@healthtrace/source'],
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  copyFileSync(fileURLToPath(new URL('page/index.html', import.meta.url)), `${DIST_DIR}index.html`);
  return result.metafile.outputs[Object.keys(result.metafile.outputs).find((k) => k.endsWith('app.js'))!]!.bytes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await buildPage();
  console.log(`built ${DIST_DIR}app.js (${(bytes / 1024).toFixed(0)} KiB)`);
}
