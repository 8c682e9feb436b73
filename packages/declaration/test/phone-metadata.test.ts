import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatePhoneMetadata, PHONE_METADATA_FILE } from '../scripts/generate-phone-metadata';

describe('generated phone metadata', () => {
  it('matches the installed libphonenumber-js (run `pnpm --filter @healthtrace/declaration generate:phone` after upgrading it)', () => {
    expect(readFileSync(PHONE_METADATA_FILE, 'utf8')).toBe(generatePhoneMetadata());
  });
});
