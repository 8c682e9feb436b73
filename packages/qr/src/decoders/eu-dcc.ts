/**
 * EU Digital COVID Certificate: `HC1:` + Base45(zlib(COSE_Sign1(CWT))), ES256 against a trust list of
 * kid → public key. Spec: ehn-dcc-development/eu-dcc-hcert-spec `hcert_spec.md`.
 */
import { base64ToBytes, bytesToHex } from '@healthtrace/core';
import { decode as cborDecode, encode as cborEncode, type TagDecoder, Tagged } from 'cborg';
import { unzlibSync } from 'fflate';
import { base45Decode } from './base45';
import {
  type EcPublicKeyInput,
  fail,
  type ParsedPublicKey,
  parseKid,
  pemOrBase64ToDer,
  publicKeyFromDer,
  repairCameraCopy,
  sha256Bytes,
  startsWithIgnoreCase,
  toP256Point,
  unixToIso,
  verifyEs256,
  verifyPs256,
} from './common';
import { type DecodeResult, QrDecodeError, type SignatureStatus } from './types';

/** Format identifier of {@link decodeEuDcc} results. */
export const EU_DCC_FORMAT = 'eu-dcc' as const;
const FORMAT = EU_DCC_FORMAT;

/**
 * One trusted Document Signer key. Give `certificate` (the DSC; its kid is computed as the first 8 bytes of
 * SHA-256 of its DER, unless `kid` is given), or `publicKey` with an explicit `kid`. Entries of a DCC Gateway
 * trust list (`{ kid, rawData }`) can be passed as they are.
 */
export interface DccTrustEntry {
  /** Key id: 8 bytes, as hex (16 digits), base64 or bytes. Required unless `certificate` is given. */
  kid?: string | Uint8Array;
  /** The Document Signer Certificate (DER bytes, base64 DER or PEM). */
  certificate?: Uint8Array | string;
  /** The public key when no certificate is given: EC P-256 (SPKI, raw point or JWK) or RSA (SPKI DER/base64/PEM). */
  publicKey?: EcPublicKeyInput;
  /** Alias of `certificate` as DCC Gateway / national trust-list downloads name it (`{ kid, rawData }`). */
  rawData?: string;
}

/** Options of {@link decodeEuDcc}. */
export interface EuDccDecodeOptions {
  /** Trusted signer keys; without them `signature` is `"unverified"`. */
  trustList?: readonly DccTrustEntry[] | undefined;
  /** Validation clock for `iat`/`exp` (default: now). */
  now?: Date | undefined;
}

interface PreparedKey {
  kid: Uint8Array;
  key: ParsedPublicKey;
}

/** EC P-256 keys in any accepted form, or RSA keys given as SPKI/certificate DER, base64 or PEM. */
function parseKey(input: EcPublicKeyInput, name: string): ParsedPublicKey {
  let der: Uint8Array | undefined;
  try {
    if (typeof input === 'string') der = pemOrBase64ToDer(input);
    else if (input instanceof Uint8Array && input.length !== 65 && input.length !== 33) der = input;
    if (der !== undefined) {
      const parsed = publicKeyFromDer(der);
      if (parsed.kind === 'rsa') return parsed;
    }
  } catch (error) {
    throw new TypeError(`${name} is not a usable public key: ${(error as Error).message}`, { cause: error });
  }
  return { kind: 'ec', point: toP256Point(input, name) };
}

/**
 * Whether `text` carries an `HC<version>:` prefix (any version; the decoder rejects all but `HC1:`).
 *
 * @param text - scanned text.
 * @returns `true` when the DCC decoder should be tried.
 * @example
 * ```ts
 * isEuDcc('HC1:NCF…'); // true
 * ```
 */
export function isEuDcc(text: string): boolean {
  return text.length > 4 && (text.charCodeAt(0) | 32) === 104 && (text.charCodeAt(1) | 32) === 99 && text[3] === ':';
}

/**
 * The DCC key id of a Document Signer Certificate: the first 8 bytes of SHA-256 of its DER.
 *
 * @param certificate - the certificate as DER bytes, base64 DER or PEM.
 * @returns the 8-byte kid.
 * @throws TypeError when `certificate` is not bytes or a string.
 * @example
 * ```ts
 * bytesToHex(dccKeyId(derBytes)); // "ac3690ee8361cc96"
 * ```
 */
export function dccKeyId(certificate: Uint8Array | string): Uint8Array {
  return sha256Bytes(certificateDer(certificate)).slice(0, 8);
}

function certificateDer(certificate: Uint8Array | string): Uint8Array {
  if (certificate instanceof Uint8Array) return certificate;
  if (typeof certificate !== 'string') throw new TypeError('certificate must be DER bytes, base64 or PEM');
  const body = certificate.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  return base64ToBytes(body, 'certificate');
}

function prepareTrustList(entries: readonly DccTrustEntry[]): PreparedKey[] {
  return entries.map((entry, i) => {
    const name = `trustList[${i}]`;
    const certificate = entry.certificate ?? entry.rawData;
    if (certificate !== undefined) {
      const der = certificateDer(certificate);
      return {
        kid: entry.kid === undefined ? dccKeyId(der) : parseKid(entry.kid, 8, `${name}.kid`),
        key: parseKey(der, `${name}.certificate`),
      };
    }
    if (entry.publicKey === undefined || entry.kid === undefined) {
      throw new TypeError(`${name} needs a certificate, or a kid and a publicKey`);
    }
    return { kid: parseKid(entry.kid, 8, `${name}.kid`), key: parseKey(entry.publicKey, `${name}.publicKey`) };
  });
}

const passThrough: TagDecoder = (decode) => decode();
const TAGS: { [tag: number]: TagDecoder } = {
  ...Tagged.preserve(18, 61),
  0: passThrough, // date/time string
  1: passThrough, // epoch date
  1004: passThrough, // full-date string
};

function cbor(bytes: Uint8Array, what: string): unknown {
  try {
    return cborDecode(bytes, { useMaps: true, tags: TAGS as unknown as never, rejectDuplicateMapKeys: true });
  } catch (error) {
    return fail('qr/bad-structure', `${what} is not valid CBOR`, FORMAT, error);
  }
}

/** Converts decoded CBOR (Maps with string keys, nested) to plain JSON-like values; bytes become hex. */
function toPlain(value: unknown, depth = 0): unknown {
  if (depth > 32) fail('qr/bad-structure', 'hcert nesting too deep', FORMAT);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) {
      if (typeof k !== 'string' || k === '__proto__') fail('qr/bad-field', 'hcert map keys must be strings', FORMAT);
      out[k] = toPlain(v, depth + 1);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1));
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (value instanceof Tagged) return toPlain(value.value, depth + 1);
  if (typeof value === 'bigint') return Number(value);
  return value;
}

function headerValue(protectedHeader: Map<unknown, unknown>, unprotected: unknown, label: number): unknown {
  if (protectedHeader.has(label)) return protectedHeader.get(label);
  return unprotected instanceof Map ? unprotected.get(label) : undefined;
}

/**
 * Decodes an EU Digital COVID Certificate and verifies its COSE signature against a trust list.
 *
 * Steps: prefix `HC1:` (other `HC<x>:` versions → `qr/unsupported-version`); Base45; zlib (an uncompressed
 * COSE body is accepted with warning `uncompressed`); COSE_Sign1 (tag 18, optionally inside CWT tag 61, or
 * untagged with warning `untagged-cose`); CWT claims. A text that fails Base45 or zlib and contains `%20` is
 * retried with spaces (camera-app copies), with warning `camera-copy-repaired`.
 *
 * Signature: ES256 (`alg` -7, EC P-256 keys) and PS256 (`alg` -37, RSA keys; RSASSA-PSS with SHA-256 and a
 * 32-byte salt) are verified against every trust-list key of the right type with the same kid (kids may
 * collide); `valid` if any verifies, `invalid` otherwise (warning `unknown-key` when no key has that kid,
 * `unsupported-algorithm` for any other `alg`); `unverified` without a trust list.
 * Validity: warnings `not-yet-valid` (now < iat) and `expired` (now > exp), nothing thrown.
 *
 * Fields: `{ issuer?, issuedAt?, expiresAt?, kid?, alg, certificateType, dcc }` where `dcc` is the hcert
 * payload as JSON (names and birth date: personal data, never logged by this package).
 *
 * @param text - scanned text.
 * @param options - `trustList` and validation clock `now`.
 * @returns the decoded result.
 * @throws {@link QrDecodeError} `qr/bad-prefix`, `qr/unsupported-version`, `qr/bad-encoding`, `qr/bad-compression`, `qr/bad-structure` or `qr/bad-field`.
 * @throws TypeError when `text` is not a string or a trust-list entry cannot be parsed.
 * @example
 * ```ts
 * const result = decodeEuDcc(text, { trustList: [{ certificate: dscPem }], now: new Date('2021-05-04T00:00:00Z') });
 * result.signature; // "valid"
 * ```
 */
export function decodeEuDcc(text: string, options?: EuDccDecodeOptions): DecodeResult {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  if (!isEuDcc(text)) fail('qr/bad-prefix', 'not an EU DCC (HC1:) code', FORMAT);
  if (!startsWithIgnoreCase(text, 'HC1:')) fail('qr/unsupported-version', `DCC context ${text.slice(0, 3)} is not supported`, FORMAT);
  const warnings: string[] = [];
  const keys = options?.trustList === undefined ? undefined : prepareTrustList(options.trustList);
  let cose: Uint8Array;
  try {
    cose = unwrap(text.slice(4), warnings);
  } catch (error) {
    const repaired = repairCameraCopy(text.slice(4));
    if (repaired === undefined || !(error instanceof QrDecodeError)) throw error;
    cose = unwrap(repaired, warnings);
    warnings.push('camera-copy-repaired');
  }
  return decodeCose(cose, keys, options?.now ?? new Date(), warnings);
}

function unwrap(body: string, warnings: string[]): Uint8Array {
  let compressed: Uint8Array;
  try {
    compressed = base45Decode(body);
  } catch (error) {
    return fail('qr/bad-encoding', 'payload is not valid base45', FORMAT, error);
  }
  if (compressed.length > 0 && (compressed[0] === 0xd2 || compressed[0] === 0xd8 || compressed[0] === 0x84)) {
    warnings.push('uncompressed');
    return compressed;
  }
  try {
    return unzlibSync(compressed);
  } catch (error) {
    return fail('qr/bad-compression', 'payload is not valid zlib', FORMAT, error);
  }
}

function decodeCose(cose: Uint8Array, keys: PreparedKey[] | undefined, now: Date, warnings: string[]): DecodeResult {
  let message = cbor(cose, 'COSE message');
  const tags: number[] = [];
  while (message instanceof Tagged) {
    tags.push(message.tag);
    message = message.value;
  }
  if (tags.length === 0) warnings.push('untagged-cose');
  else if (tags[tags.length - 1] !== 18 || tags.some((t, i) => t !== 61 && i < tags.length - 1)) {
    fail('qr/bad-structure', 'not a COSE_Sign1 (tag 18) message', FORMAT);
  }
  if (!Array.isArray(message) || message.length !== 4) fail('qr/bad-structure', 'COSE_Sign1 must be a 4-element array', FORMAT);
  const [protectedBytes, unprotected, payload, signatureBytes] = message as unknown[];
  if (!(protectedBytes instanceof Uint8Array) || !(payload instanceof Uint8Array) || !(signatureBytes instanceof Uint8Array)) {
    fail('qr/bad-structure', 'COSE_Sign1 elements have the wrong types', FORMAT);
  }
  if (!(unprotected instanceof Map)) fail('qr/bad-structure', 'COSE unprotected header must be a map', FORMAT);
  const protectedHeader = protectedBytes.length === 0 ? new Map() : cbor(protectedBytes, 'COSE protected header');
  if (!(protectedHeader instanceof Map)) fail('qr/bad-structure', 'COSE protected header must be a map', FORMAT);
  const alg = headerValue(protectedHeader, unprotected, 1);
  const kidValue = headerValue(protectedHeader, unprotected, 4);
  const kid = kidValue instanceof Uint8Array ? kidValue : undefined;

  const claims = cbor(payload, 'CWT claims');
  if (!(claims instanceof Map)) fail('qr/bad-structure', 'CWT claims must be a map', FORMAT);
  const hcert = claims.get(-260);
  const dccValue = hcert instanceof Map ? hcert.get(1) : undefined;
  if (!(dccValue instanceof Map)) fail('qr/bad-structure', 'CWT has no hcert (-260 → 1) payload', FORMAT);
  const dcc = toPlain(dccValue) as Record<string, unknown>;

  let signature: SignatureStatus;
  if (keys === undefined) signature = 'unverified';
  else if (alg !== -7 && alg !== -37) {
    signature = 'invalid';
    warnings.push('unsupported-algorithm');
  } else {
    const wanted = alg === -7 ? 'ec' : 'rsa';
    const candidates = kid === undefined ? [] : keys.filter((entry) => entry.key.kind === wanted && sameBytes(entry.kid, kid));
    if (candidates.length === 0) {
      signature = 'invalid';
      warnings.push('unknown-key');
    } else {
      const toBeSigned = cborEncode(['Signature1', protectedBytes, new Uint8Array(0), payload]);
      const verifies = ({ key }: PreparedKey): boolean =>
        key.kind === 'ec' ? verifyEs256(key.point, signatureBytes, toBeSigned) : verifyPs256(key.rsa, signatureBytes, toBeSigned);
      signature = candidates.some(verifies) ? 'valid' : 'invalid';
    }
  }

  const iat = claims.get(6);
  const exp = claims.get(4);
  const nowSeconds = now.getTime() / 1000;
  if (typeof iat === 'number' && nowSeconds < iat) warnings.push('not-yet-valid');
  if (typeof exp === 'number' && nowSeconds > exp) warnings.push('expired');

  const fields: Record<string, unknown> = {
    alg: alg === -7 ? 'ES256' : alg === -37 ? 'PS256' : alg,
    certificateType: 'v' in dcc ? 'vaccination' : 't' in dcc ? 'test' : 'r' in dcc ? 'recovery' : 'unknown',
    dcc,
  };
  const issuer = claims.get(1);
  if (typeof issuer === 'string') fields.issuer = issuer;
  if (unixToIso(iat) !== undefined) fields.issuedAt = unixToIso(iat);
  if (unixToIso(exp) !== undefined) fields.expiresAt = unixToIso(exp);
  if (kid !== undefined) fields.kid = bytesToHex(kid);
  return { format: FORMAT, fields, signature, warnings };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
