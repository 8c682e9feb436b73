import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DecodeResult, QrDecodeError } from '@healthtrace/qr';
import fc from 'fast-check';

/** Runs per decoder property (the issue asks for at least 10,000 in the fast suite). */
export const RUNS = 10_000;

/** Vector files are arbitrary JSON; the tests index into them. */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type VectorJson = any;

/** Reads an official QR vector file. */
export function qrVectors(file: string): VectorJson {
  const path = fileURLToPath(new URL(`../../../../shared/vectors/qr/${file}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as VectorJson;
}

const SIGNATURES = new Set(['valid', 'invalid', 'unverified', 'absent']);

/**
 * Calls `decode` and checks the contract: either a well-formed DecodeResult or a thrown QrDecodeError.
 * Anything else (another error type, a malformed result) fails the property.
 */
export function checkContract(decode: () => DecodeResult): void {
  let result: DecodeResult;
  try {
    result = decode();
  } catch (error) {
    if (error instanceof QrDecodeError && typeof error.code === 'string' && error.code.startsWith('qr/')) return;
    throw error;
  }
  if (
    typeof result.format !== 'string' ||
    typeof result.fields !== 'object' ||
    result.fields === null ||
    !SIGNATURES.has(result.signature) ||
    !Array.isArray(result.warnings)
  ) {
    throw new Error(`malformed result ${JSON.stringify(result).slice(0, 200)}`);
  }
}

function flipBit(text: string, index: number, bit: number): string {
  if (text.length === 0) return text;
  const i = index % text.length;
  return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << bit)) + text.slice(i + 1);
}

function swapBase64Alphabet(text: string): string {
  return text.replace(/[-_+/]/g, (c) => ({ '-': '+', _: '/', '+': '-', '/': '_' })[c] as string);
}

/**
 * Inputs for fuzzing one decoder: random strings, random strings behind the format's prefixes, and the official
 * samples truncated, bit-flipped, with the other base64 alphabet or broken padding, and `%20`-mangled as camera
 * apps copy them.
 */
export function fuzzInputs(samples: readonly string[], prefixes: readonly string[]): fc.Arbitrary<string> {
  const sample = fc.constantFrom(...samples);
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.tuple(fc.constantFrom(...prefixes), fc.string({ maxLength: 200 })).map(([p, s]) => p + s),
    fc.tuple(fc.constantFrom(...prefixes), fc.base64String({ maxLength: 200 })).map(([p, s]) => p + s),
    fc.tuple(sample, fc.nat()).map(([s, n]) => s.slice(0, n % (s.length + 1))),
    fc.tuple(sample, fc.nat(), fc.integer({ min: 0, max: 6 })).map(([s, i, b]) => flipBit(s, i, b)),
    fc.tuple(sample, fc.nat(), fc.nat(), fc.integer({ min: 0, max: 6 })).map(([s, i, j, b]) => flipBit(flipBit(s, i, b), j, (b + 3) % 7)),
    sample.map(swapBase64Alphabet),
    fc.tuple(sample, fc.constantFrom('=', '==', '===', '%3D')).map(([s, pad]) => s + pad),
    sample.map((s) => s.replace(/=+$/, '')),
    sample.map((s) => s.replaceAll(' ', '%20')),
    sample.map((s) => encodeURIComponent(s)),
    fc.tuple(sample, fc.nat()).map(([s, n]) => {
      const i = n % (s.length + 1);
      return `${s.slice(0, i)}%20${s.slice(i)}`;
    }),
  );
}
