import { KeyFileError, readKeyFileEntries, verifyKeyFile, writeKeyFileZip } from '@healthtrace/rolling-id';
import { describe, expect, it } from 'vitest';
import { fixtures, runKeyFileFuzz } from './key-files-fuzz';

describe('key-file parsers, slow suite', () => {
  it('fuzz properties at 10x the fast-suite runs (106,000 cases)', () => {
    expect(runKeyFileFuzz(10)).toBeGreaterThanOrEqual(100_000);
  });

  it.each(fixtures.map((f, i) => [i, f] as const))(
    'every single-bit flip of export.bin and export.sig of fixture %i fails',
    (_i, { zip, key }) => {
      const { exportBin, exportSig } = readKeyFileEntries(zip);
      const sig = exportSig as Uint8Array;
      for (const part of ['bin', 'sig'] as const) {
        const bytes = part === 'bin' ? exportBin : sig;
        for (let bit = 0; bit < bytes.length * 8; bit++) {
          const flipped = bytes.slice();
          flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
          const file = part === 'bin' ? writeKeyFileZip(flipped, sig) : writeKeyFileZip(exportBin, flipped);
          try {
            expect(verifyKeyFile(file, key).valid, `${part} bit ${bit}`).toBe(false);
          } catch (error) {
            expect(error).toBeInstanceOf(KeyFileError);
          }
        }
      }
    },
  );
});
