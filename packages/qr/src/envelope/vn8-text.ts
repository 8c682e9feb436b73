/**
 * "VN8": a one-byte-per-character text encoding for Vietnamese, used for venue names and
 * addresses when it is shorter than UTF-8 (UTF-8 spends 2–3 bytes on every letter with a
 * diacritic, which would push a 30-character Vietnamese name one QR version up).
 *
 * - bytes 0x20–0x7E: printable ASCII;
 * - bytes 0x80–0xFF, then 0x01–0x06: the 134 precomposed Vietnamese letters, in this order:
 *   for the lower-case bases `a ă â e ê i o ô ơ u ư y`, each with the tones none, grave (◌̀),
 *   acute (◌́), hook above (◌̉), tilde (◌̃), dot below (◌̣) (skipping the plain ASCII letters),
 *   then `đ`; then the same 67 upper-case letters.
 *
 * The table is generated from Unicode NFC composition, so it is exact and reproducible
 * (`docs/spec/qr-v1.md` §3.3). Similar in spirit to VISCII (RFC 1456) but without its
 * control-range collisions.
 */

const BASES = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];

/** The 134 Vietnamese letters in VN8 order. */
export const VN8_LETTERS: readonly string[] = (() => {
  const lower: string[] = [];
  for (const base of BASES) {
    for (const tone of TONES) {
      const letter = (base + tone).normalize('NFC');
      if (letter.length === 1 && letter.charCodeAt(0) >= 0x80) lower.push(letter);
    }
  }
  lower.push('đ');
  return [...lower, ...lower.map((c) => c.toUpperCase())];
})();

/** Byte value of the i-th VN8 letter. */
function letterByte(i: number): number {
  return i < 128 ? 0x80 + i : i - 127;
}

const ENCODE: ReadonlyMap<string, number> = new Map(VN8_LETTERS.map((c, i) => [c, letterByte(i)]));
const DECODE: readonly (string | undefined)[] = (() => {
  const table: (string | undefined)[] = new Array(256).fill(undefined);
  for (let b = 0x20; b < 0x7f; b++) table[b] = String.fromCharCode(b);
  VN8_LETTERS.forEach((c, i) => {
    table[letterByte(i)] = c;
  });
  return table;
})();

/**
 * Encodes NFC text in VN8, or returns `undefined` when a character is outside the VN8 set.
 *
 * @param text - NFC text.
 * @returns the bytes, or `undefined`.
 * @example
 * ```ts
 * vn8Encode('Phở')?.length; // 3
 * ```
 */
export function vn8Encode(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) out[i] = c;
    else {
      const b = ENCODE.get(text[i] as string);
      if (b === undefined) return undefined;
      out[i] = b;
    }
  }
  return out;
}

/**
 * Decodes VN8 bytes, or returns `undefined` when a byte is not assigned.
 *
 * @param bytes - VN8 bytes.
 * @returns the text, or `undefined`.
 * @example
 * ```ts
 * vn8Decode(vn8Encode('Phở')!); // "Phở"
 * ```
 */
export function vn8Decode(bytes: Uint8Array): string | undefined {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = DECODE[bytes[i] as number];
    if (c === undefined) return undefined;
    out += c;
  }
  return out;
}
