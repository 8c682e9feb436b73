import { describe, expect, it } from 'vitest';
import { runKeyFileFuzz } from './key-files-fuzz';

describe('key-file parsers under fuzzing (fast-check)', () => {
  it('random bytes, truncations, bit flips and round-trips: only KeyFileErrors, >= 10,000 cases', () => {
    expect(runKeyFileFuzz(1)).toBeGreaterThanOrEqual(10_000);
  });
});
