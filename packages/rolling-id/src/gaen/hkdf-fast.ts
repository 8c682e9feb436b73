/**
 * HKDF-SHA256 specialised for GAEN key derivation: empty salt, 16-byte output.
 *
 * Hand-written instead of calling `@noble/hashes/hkdf` because this sits on the
 * hot path of bulk matching (one call per diagnosis key): with an empty salt the
 * HMAC inner/outer pad states of the extract step are constants, and a 16-byte
 * output is a single expand block. Deriving RPIK and AEMK together therefore costs
 * eight SHA-256 compressions (two for the extract, two for the expand key pads,
 * two per output), with no allocation besides the returned keys. Output is tested
 * byte-for-byte against `@noble/hashes` HKDF and the official GAEN vectors.
 */

const K: Int32Array = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const IV: Int32Array = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** Message schedule scratch (reused by every compression; never escapes). */
const W = new Int32Array(64);

/**
 * One SHA-256 compression: `out = compress(state, W[0..15])`. `out` may alias `state`.
 */
function compress(state: Int32Array, out: Int32Array): void {
  const w = W;
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15] as number;
    const y = w[i - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let f = state[5] as number;
  let g = state[6] as number;
  let h = state[7] as number;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + (K[i] as number) + (w[i] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  out[0] = ((state[0] as number) + a) | 0;
  out[1] = ((state[1] as number) + b) | 0;
  out[2] = ((state[2] as number) + c) | 0;
  out[3] = ((state[3] as number) + d) | 0;
  out[4] = ((state[4] as number) + e) | 0;
  out[5] = ((state[5] as number) + f) | 0;
  out[6] = ((state[6] as number) + g) | 0;
  out[7] = ((state[7] as number) + h) | 0;
}

/** SHA-256 state after absorbing one 64-byte block of `pad` (an HMAC pad of a zero key). */
function padState(pad: number): Int32Array {
  for (let i = 0; i < 16; i++) W[i] = pad;
  const s = new Int32Array(8);
  compress(IV, s);
  return s;
}

/** HMAC inner/outer states for the all-zero 32-byte key (the HKDF extract with an empty salt). */
const ZERO_KEY_IPAD: Int32Array = padState(0x36363636);
const ZERO_KEY_OPAD: Int32Array = padState(0x5c5c5c5c);

/** Scratch states; wiped after every derivation. */
const inner = new Int32Array(8);
const prk = new Int32Array(8);
const ipadK = new Int32Array(8);
const opadK = new Int32Array(8);

/** Big-endian 32-bit word of `b` at `o`. */
function be32(b: Uint8Array, o: number): number {
  return ((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number);
}

/** Sets W to the single padded block of a message of `msgWords` already-written words following 64 bytes. */
function finishBlock(msgWords: number, totalBytes: number): void {
  W[msgWords] = 0x80000000 | 0;
  for (let i = msgWords + 1; i < 15; i++) W[i] = 0;
  W[15] = totalBytes * 8;
}

/** Computes PRK = HMAC-SHA256(zeros32, ikm16) and the pad states of HMAC keyed with PRK. */
function extract(ikm: Uint8Array): void {
  W[0] = be32(ikm, 0);
  W[1] = be32(ikm, 4);
  W[2] = be32(ikm, 8);
  W[3] = be32(ikm, 12);
  finishBlock(4, 64 + 16);
  compress(ZERO_KEY_IPAD, inner);
  for (let i = 0; i < 8; i++) W[i] = inner[i] as number;
  finishBlock(8, 64 + 32);
  compress(ZERO_KEY_OPAD, prk);
  for (let i = 0; i < 8; i++) W[i] = (prk[i] as number) ^ 0x36363636;
  for (let i = 8; i < 16; i++) W[i] = 0x36363636;
  compress(IV, ipadK);
  for (let i = 0; i < 8; i++) W[i] = (prk[i] as number) ^ 0x5c5c5c5c;
  for (let i = 8; i < 16; i++) W[i] = 0x5c5c5c5c;
  compress(IV, opadK);
}

/** First 16 bytes of HMAC(PRK, info ‖ 0x01) for an 8-byte `info ‖ 0x01` given as two words. */
function expand16(info0: number, info1: number, out: Uint8Array, offset: number): void {
  W[0] = info0;
  W[1] = info1;
  finishBlock(2, 64 + 8);
  compress(ipadK, inner);
  for (let i = 0; i < 8; i++) W[i] = inner[i] as number;
  finishBlock(8, 64 + 32);
  compress(opadK, inner);
  for (let i = 0; i < 4; i++) {
    const v = inner[i] as number;
    out[offset + 4 * i] = v >>> 24;
    out[offset + 4 * i + 1] = (v >>> 16) & 0xff;
    out[offset + 4 * i + 2] = (v >>> 8) & 0xff;
    out[offset + 4 * i + 3] = v & 0xff;
  }
}

/** `"EN-R"`, then `"PIK"` + 0x01 and `"EMK"` + 0x01 (info ‖ counter for the single expand block). */
const INFO_EN_ = 0x454e2d00; // "EN-" + placeholder
const RPIK_TAIL = 0x50494b01; // "PIK" 0x01
const AEMK_TAIL = 0x454d4b01; // "EMK" 0x01
const R = 0x52; // "R"
const A = 0x41; // "A"

/** Wipes the scratch states (they hold key material between calls otherwise). */
function wipe(): void {
  inner.fill(0);
  prk.fill(0);
  ipadK.fill(0);
  opadK.fill(0);
  W.fill(0);
}

/**
 * HKDF-SHA256(ikm, salt = empty, info = `"EN-RPIK"` or `"EN-AEMK"`, L = 16), written to `out` at `offset`.
 * `which` 0 = RPIK, 1 = AEMK, 2 = both (RPIK at `offset`, AEMK at `offset + 16`).
 *
 * @internal
 */
export function hkdfEnFast(ikm: Uint8Array, which: 0 | 1 | 2, out: Uint8Array, offset: number): void {
  extract(ikm);
  if (which !== 1) expand16(INFO_EN_ | R, RPIK_TAIL, out, offset);
  if (which !== 0) expand16(INFO_EN_ | A, AEMK_TAIL, out, which === 2 ? offset + 16 : offset);
  wipe();
}
