/**
 * Shared fast-check properties for the key-file parsers (used by the fast and the slow suites
 * with different run counts). Every property asserts that malformed input either parses or throws a
 * KeyFileError with a code and a reason — never any other exception.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  decodeExportBin,
  decodeSignatureList,
  EXPORT_BIN_HEADER,
  encodeExportBin,
  importVerificationKeyPem,
  type KeyExport,
  KeyFileError,
  parseKeyFileZip,
  readKeyFileEntries,
  type TemporaryExposureKey,
  verifyKeyFile,
  writeKeyFileZip,
} from '@healthtrace/rolling-id';
import fc from 'fast-check';
import { expect } from 'vitest';

const dir = fileURLToPath(new URL('../../../../shared/vectors/gaen-export/', import.meta.url));

/** The two published fixtures with their public keys. */
export const fixtures: { zip: Uint8Array; key: ReturnType<typeof importVerificationKeyPem> }[] = [
  ['testExport-2-records-1-of-1.zip', 'public.pem'],
  ['sample_diagnosis_key_file.zip', 'sample_diagnosis_key_file.public.pem'],
].map(([zip, pem]) => ({
  zip: new Uint8Array(readFileSync(dir + zip)),
  key: importVerificationKeyPem(readFileSync(dir + pem, 'utf8')),
}));

/** Runs `fn`; passes if it returns or throws a KeyFileError with a code and a reason. */
export function onlyKeyFileErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof KeyFileError)) throw error;
    expect(error.code).toMatch(/^keyfile\/[a-z-]+$/);
    expect(error.reason.length).toBeGreaterThan(0);
  }
}

const tek: fc.Arbitrary<TemporaryExposureKey> = fc.record(
  {
    keyData: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    rollingStartIntervalNumber: fc.integer({ min: 0, max: 0x7fffffff }),
    rollingPeriod: fc.integer({ min: 1, max: 144 }),
    transmissionRiskLevel: fc.integer({ min: 0, max: 8 }),
    reportType: fc.integer({ min: 0, max: 5 }),
    daysSinceOnsetOfSymptoms: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  },
  { requiredKeys: ['keyData', 'rollingStartIntervalNumber', 'rollingPeriod'] },
);

const uniqueKeys = fc.uniqueArray(tek, { maxLength: 12, selector: (k) => Array.from(k.keyData).join(',') });
const info = fc.record(
  { verificationKeyVersion: fc.string(), verificationKeyId: fc.string(), signatureAlgorithm: fc.string() },
  { requiredKeys: [] },
);

/** Arbitrary valid exports (for parse(write(x)) = x). */
export const exportArb: fc.Arbitrary<KeyExport> = fc
  .record({
    startTimestamp: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    endTimestamp: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    region: fc.string(),
    batchSize: fc.integer({ min: 0, max: 1_000_000 }),
    signatureInfos: fc.array(info, { maxLength: 3 }),
    keys: uniqueKeys,
    revisedKeys: uniqueKeys,
  })
  .chain((e) => fc.integer({ min: 0, max: e.batchSize }).map((batchNum) => ({ ...e, batchNum })));

function flipBits(bytes: Uint8Array, bits: number[]): Uint8Array {
  const out = bytes.slice();
  for (const b of bits) {
    const i = b % (out.length * 8);
    out[i >> 3] = (out[i >> 3] as number) ^ (1 << (i & 7));
  }
  return out;
}

/** Runs every fuzz property; `scale` multiplies the run counts (1 = fast suite, 10,600 cases). */
export function runKeyFileFuzz(scale: number): number {
  let total = 0;
  const runs = (n: number) => {
    total += n * scale;
    return { numRuns: n * scale };
  };
  // Random bytes as a zip, as export.bin (behind a valid header) and as export.sig.
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (b) => onlyKeyFileErrors(() => parseKeyFileZip(b))),
    runs(3000),
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      const bin = new Uint8Array(16 + b.length);
      bin.set(EXPORT_BIN_HEADER);
      bin.set(b, 16);
      onlyKeyFileErrors(() => decodeExportBin(bin));
    }),
    runs(3000),
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (b) => onlyKeyFileErrors(() => decodeSignatureList(b))),
    runs(1500),
  );
  // Truncations of the fixtures (whole zip, and export.bin re-zipped).
  for (const { zip, key } of fixtures) {
    const { exportBin, exportSig } = readKeyFileEntries(zip);
    fc.assert(
      fc.property(fc.nat(zip.length), fc.nat(exportBin.length), (n, m) => {
        onlyKeyFileErrors(() => verifyKeyFile(zip.subarray(0, n), key));
        onlyKeyFileErrors(() => {
          const r = verifyKeyFile(writeKeyFileZip(exportBin.subarray(0, m), exportSig as Uint8Array), key);
          if (m < exportBin.length) expect(r.valid).toBe(false);
        });
      }),
      runs(500),
    );
    // Random bit flips of the zip: never an uncaught error; if still valid, the signed content is intact.
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (bits) => {
        const flipped = flipBits(zip, bits);
        onlyKeyFileErrors(() => {
          if (verifyKeyFile(flipped, key).valid) {
            const entries = readKeyFileEntries(flipped);
            expect(entries.exportBin).toEqual(exportBin);
            expect(entries.exportSig).toEqual(exportSig);
          }
        });
      }),
      runs(300),
    );
    // Byte-level mutations of export.bin: always invalid (or unparseable).
    fc.assert(
      fc.property(fc.nat(exportBin.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const bin = exportBin.slice();
        bin[i] = (bin[i] as number) ^ x;
        onlyKeyFileErrors(() => expect(verifyKeyFile(writeKeyFileZip(bin, exportSig as Uint8Array), key).valid).toBe(false));
      }),
      runs(250),
    );
  }
  // parse(write(x)) = x and write(parse(write(x))) = write(x).
  fc.assert(
    fc.property(exportArb, (e) => {
      const bin = encodeExportBin(e);
      const back = decodeExportBin(bin);
      expect(back).toEqual({ ...e, keys: e.keys.map(norm), revisedKeys: e.revisedKeys.map(norm) });
      expect(encodeExportBin(back)).toEqual(bin);
    }),
    runs(1000),
  );
  return total;
}

/** Decoded keys always carry rollingPeriod/RSIN; key bytes compare by value. */
function norm(k: TemporaryExposureKey): TemporaryExposureKey {
  return { ...k };
}
