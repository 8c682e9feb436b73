import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads one of the official QR vector files in ../shared/vectors/qr/. */
export function qrVectors<T = Record<string, any>>(file: string): T {
  const path = fileURLToPath(new URL(`../../../shared/vectors/qr/${file}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
