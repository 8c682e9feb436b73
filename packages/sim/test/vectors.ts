import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads an official vector file from ../shared/vectors. */
export function readVector<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../../shared/vectors/${name}`, import.meta.url)), 'utf8')) as T;
}
