import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The dvhcvn/20250701 files in ../shared/data/vn-admin (the source the package data is generated from). */
export const SOURCE_DIR: string = fileURLToPath(new URL('../../../../shared/data/vn-admin/', import.meta.url));

/** Reads one source JSON file. */
export function source<T>(file: string): T {
  return JSON.parse(readFileSync(`${SOURCE_DIR}${file}`, 'utf8')) as T;
}
