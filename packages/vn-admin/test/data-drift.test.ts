import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR, generateData } from '../scripts/generate-data';
import { SOURCE_DIR } from './source-data';

describe('generated data', () => {
  it('is what scripts/generate-data.ts produces from ../shared/data/vn-admin (run `pnpm --filter @healthtrace/vn-admin generate`)', () => {
    const files = generateData(SOURCE_DIR);
    expect(Object.keys(files).sort()).toEqual(['mapping.ts', 'pre-2025.ts', 'provinces.ts', 'wards-2025.ts']);
    for (const [file, contents] of Object.entries(files)) {
      expect(readFileSync(`${GENERATED_DIR}${file}`, 'utf8'), file).toBe(contents);
    }
  });

  it('ships the upstream licence and data README unchanged, and names the source in every data module', () => {
    const copy = (file: string): string => readFileSync(fileURLToPath(new URL(`../data/${file}`, import.meta.url)), 'utf8');
    expect(copy('LICENSE-dvhcvn-20250701.txt')).toBe(readFileSync(`${SOURCE_DIR}LICENSE-dvhcvn-20250701.txt`, 'utf8'));
    // The README copy is only re-laid out by the formatter (table padding, blank lines): same words.
    const words = (text: string): string => text.replace(/^\|[-| ]+\|$/gm, '').replace(/\s+/g, '');
    expect(words(copy('README.md'))).toBe(words(readFileSync(`${SOURCE_DIR}README.md`, 'utf8')));
    for (const contents of Object.values(generateData(SOURCE_DIR))) {
      expect(contents).toContain('© 2025 dvhcvn (https://github.com/dvhcvn/20250701), MIT License');
    }
  });
});
