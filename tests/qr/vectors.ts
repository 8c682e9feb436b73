import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Vector files are arbitrary JSON; the tests index into them and the assertions check the values. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type VectorJson = any;

/** Reads one of the official QR vector files in ../shared/vectors/qr/. */
export function qrVectors<T = VectorJson>(file: string): T {
  const path = fileURLToPath(new URL(`../../../shared/vectors/qr/${file}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
