/**
 * Helpers shared by the real-world QR decoders: typed failures, tolerant base64 and JSON,
 * ES256 verification and public-key parsing. Internal to the package (not exported from the index).
 */
import { base64ToBytes, bytesToUtf8, hexToBytes, isHex } from '@healthtrace/core';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { mgf1, PSS } from 'micro-rsa-dsa-dh/rsa.js';
import { QrDecodeError, type QrDecodeErrorCode } from './types';

/** Throws a {@link QrDecodeError}. */
export function fail(code: QrDecodeErrorCode, message: string, format: string, cause?: unknown): never {
  throw new QrDecodeError(code, message, format, cause === undefined ? undefined : { cause });
}

const PS256 = PSS(sha256, mgf1(sha256), 32);

/** Whether `text` starts with `prefix`, ignoring ASCII case. */
export function startsWithIgnoreCase(text: string, prefix: string): boolean {
  if (text.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    let a = text.charCodeAt(i);
    let b = prefix.charCodeAt(i);
    if (a >= 65 && a <= 90) a += 32;
    if (b >= 65 && b <= 90) b += 32;
    if (a !== b) return false;
  }
  return true;
}

/** Decodes base64 or base64url (padding optional), failing with `qr/bad-encoding`. */
export function decodeBase64(text: string, what: string, format: string): Uint8Array {
  if (text.length === 0) fail('qr/bad-encoding', `${what} is empty`, format);
  try {
    return base64ToBytes(text, what);
  } catch (error) {
    return fail('qr/bad-encoding', `${what} is not valid base64`, format, error);
  }
}

/** Decodes strict UTF-8, failing with `qr/bad-encoding`. */
export function decodeUtf8(bytes: Uint8Array, what: string, format: string): string {
  try {
    return bytesToUtf8(bytes);
  } catch (error) {
    return fail('qr/bad-encoding', `${what} is not valid UTF-8`, format, error);
  }
}

/** Parses JSON that must be an object, failing with `qr/bad-encoding`. */
export function parseJsonObject(text: string, what: string, format: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail('qr/bad-encoding', `${what} is not valid JSON`, format, error);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('qr/bad-structure', `${what} is not a JSON object`, format);
  }
  return value as Record<string, unknown>;
}

/**
 * Undoes the `%20` corruption that camera apps apply when they copy a non-URL QR text
 * (ehn-dcc-development/eu-dcc-hcert-spec issues 64 and 72). Returns `undefined` when there is nothing to repair.
 */
export function repairCameraCopy(text: string): string | undefined {
  if (!text.includes('%20')) return undefined;
  return text.replaceAll('%20', ' ');
}

/** ISO 8601 UTC string for Unix seconds (fractional allowed), or `undefined` when not a finite number. */
export function unixToIso(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return undefined;
  const ms = seconds * 1000;
  if (Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

/**
 * A P-256 public key in any of the forms the decoders accept:
 * - `Uint8Array`: a raw SEC1 point (65 or 33 bytes), a DER SubjectPublicKeyInfo, or a DER X.509 certificate;
 * - `string`: PEM (`PUBLIC KEY` or `CERTIFICATE`) or base64 of any of the DER forms above;
 * - a JWK object `{ kty: "EC", crv: "P-256", x, y }`.
 */
export type EcPublicKeyInput = Uint8Array | string | EcJwk;

/** An EC public JSON Web Key (RFC 7517/7518). */
export interface EcJwk {
  /** Key type, must be `"EC"`. */
  kty: string;
  /** Curve, must be `"P-256"`. */
  crv?: string;
  /** base64url x coordinate (32 bytes). */
  x?: string;
  /** base64url y coordinate (32 bytes). */
  y?: string;
  /** Key id. */
  kid?: string;
  /** Algorithm, e.g. `"ES256"`. */
  alg?: string;
  /** Other members are allowed and ignored. */
  [member: string]: unknown;
}

// DER reader, hand-written because we only need to walk to the SubjectPublicKeyInfo of a certificate
// (a full ASN.1/X.509 library would add tens of kilobytes to a browser bundle for a dozen lines of work).
interface DerNode {
  tag: number;
  start: number; // content start
  end: number; // content end
  next: number; // offset after this node
}

function readDer(bytes: Uint8Array, offset: number): DerNode {
  if (offset + 2 > bytes.length) throw new RangeError('truncated DER');
  const tag = bytes[offset] as number;
  let len = bytes[offset + 1] as number;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || start + n > bytes.length) throw new RangeError('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | (bytes[start + i] as number);
    start += n;
  }
  const end = start + len;
  if (end > bytes.length) throw new RangeError('truncated DER');
  return { tag, start, end, next: end };
}

const EC_PUBLIC_KEY_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);
const P256_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const RSA_ENCRYPTION_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01);
const RSASSA_PSS_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a);

/** An RSA public key (modulus and exponent). */
export interface RsaPublicKey {
  n: bigint;
  e: bigint;
}

/** A public key parsed from DER: an EC P-256 point or an RSA key. */
export type ParsedPublicKey = { kind: 'ec'; point: Uint8Array } | { kind: 'rsa'; rsa: RsaPublicKey };

function derInteger(bytes: Uint8Array, node: DerNode): bigint {
  if (node.tag !== 0x02 || node.end === node.start) throw new TypeError('expected a DER INTEGER');
  let value = 0n;
  for (let i = node.start; i < node.end; i++) value = (value << 8n) | BigInt(bytes[i] as number);
  return value;
}

/** Reads the key of a DER SubjectPublicKeyInfo node (EC P-256 or RSA). */
function keyFromSpki(bytes: Uint8Array, spki: DerNode): ParsedPublicKey {
  const algorithm = readDer(bytes, spki.start);
  if (algorithm.tag !== 0x30) throw new TypeError('SubjectPublicKeyInfo has no algorithm');
  const oid = readDer(bytes, algorithm.start);
  const oidBytes = bytes.subarray(oid.start, oid.end);
  const bitString = readDer(bytes, algorithm.next);
  if (bitString.tag !== 0x03 || bytes[bitString.start] !== 0) throw new TypeError('bad public key BIT STRING');
  if (sameBytes(oidBytes, EC_PUBLIC_KEY_OID)) {
    const curve = readDer(bytes, oid.next);
    if (!sameBytes(bytes.subarray(curve.start, curve.end), P256_OID)) throw new TypeError('EC key is not on P-256');
    return { kind: 'ec', point: bytes.slice(bitString.start + 1, bitString.end) };
  }
  if (sameBytes(oidBytes, RSA_ENCRYPTION_OID) || sameBytes(oidBytes, RSASSA_PSS_OID)) {
    const sequence = readDer(bytes, bitString.start + 1);
    if (sequence.tag !== 0x30) throw new TypeError('bad RSA public key');
    const modulus = readDer(bytes, sequence.start);
    const exponent = readDer(bytes, modulus.next);
    return { kind: 'rsa', rsa: { n: derInteger(bytes, modulus), e: derInteger(bytes, exponent) } };
  }
  throw new TypeError('public key is neither EC P-256 nor RSA');
}

/** Reads the public key from DER bytes holding an SPKI or an X.509 certificate. */
export function publicKeyFromDer(der: Uint8Array): ParsedPublicKey {
  const outer = readDer(der, 0);
  if (outer.tag !== 0x30 || outer.next !== der.length) throw new TypeError('not a DER SEQUENCE');
  const first = readDer(der, outer.start);
  if (first.tag !== 0x30) throw new TypeError('not an SPKI or certificate');
  const inner = readDer(der, first.start);
  if (inner.tag === 0x06) return keyFromSpki(der, outer); // SPKI: SEQUENCE { SEQUENCE { OID, ... }, BIT STRING }
  // Certificate: SEQUENCE { tbsCertificate SEQUENCE { [0] version?, serial, signature, issuer, validity, subject, spki } }
  let node = inner;
  if (node.tag === 0xa0) node = readDer(der, node.next);
  for (let i = 0; i < 5; i++) node = readDer(der, node.next); // serial -> subjectPublicKeyInfo
  if (node.tag !== 0x30) throw new TypeError('certificate has no SubjectPublicKeyInfo');
  return keyFromSpki(der, node);
}

/** Extracts the EC point from DER bytes holding an SPKI or an X.509 certificate. */
function pointFromDer(der: Uint8Array): Uint8Array {
  const key = publicKeyFromDer(der);
  if (key.kind !== 'ec') throw new TypeError('public key is not an EC P-256 key');
  return key.point;
}

/** Decodes PEM (any label) or bare base64 DER. */
export function pemOrBase64ToDer(text: string): Uint8Array {
  const body = text.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  return base64ToBytes(body, 'publicKey');
}

/**
 * Normalises a P-256 public key to its uncompressed SEC1 point (65 bytes) and checks that it lies on the curve.
 *
 * @throws TypeError when the key cannot be parsed or is not a valid P-256 key.
 */
export function toP256Point(key: EcPublicKeyInput, name = 'publicKey'): Uint8Array {
  let point: Uint8Array;
  try {
    if (key instanceof Uint8Array) {
      point = key.length === 65 || key.length === 33 ? key : pointFromDer(key);
    } else if (typeof key === 'string') {
      point = pointFromDer(pemOrBase64ToDer(key));
    } else if (typeof key === 'object' && key !== null && key.kty === 'EC') {
      if (key.crv !== 'P-256' || typeof key.x !== 'string' || typeof key.y !== 'string') {
        throw new TypeError('JWK is not a P-256 key');
      }
      const x = base64ToBytes(key.x, 'x');
      const y = base64ToBytes(key.y, 'y');
      if (x.length !== 32 || y.length !== 32) throw new TypeError('JWK coordinates must be 32 bytes');
      point = new Uint8Array(65);
      point[0] = 4;
      point.set(x, 1);
      point.set(y, 33);
    } else {
      throw new TypeError('unsupported key form');
    }
    p256.Point.fromBytes(point).assertValidity();
    return p256.Point.fromBytes(point).toBytes(false);
  } catch (error) {
    throw new TypeError(`${name} is not a usable P-256 public key: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Verifies an ES256 signature (raw r‖s, 64 bytes) over `message` with SHA-256. Never throws;
 * high-S signatures are accepted (OpenSSL and most issuers do not normalise S).
 */
export function verifyEs256(point: Uint8Array, signature: Uint8Array, message: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return p256.verify(signature, message, point, { lowS: false, prehash: true });
  } catch {
    return false;
  }
}

/**
 * Verifies an RSASSA-PSS signature with SHA-256, MGF1-SHA-256 and a 32-byte salt (COSE PS256, RFC 8230).
 * Never throws. Uses micro-rsa-dsa-dh (by the author of the noble libraries; pure JS, synchronous).
 */
export function verifyPs256(key: RsaPublicKey, signature: Uint8Array, message: Uint8Array): boolean {
  try {
    return PS256.verify(key, message, signature);
  } catch {
    return false;
  }
}

/** SHA-256, re-exported so decoders share one import. */
export function sha256Bytes(data: Uint8Array): Uint8Array {
  return sha256(data);
}

/** Parses a key id given as hex (when it is valid hex of `hexBytes` bytes) or base64. */
export function parseKid(kid: string | Uint8Array, hexBytes: number, name: string): Uint8Array {
  if (kid instanceof Uint8Array) return kid;
  if (typeof kid !== 'string') throw new TypeError(`${name} must be a string or Uint8Array`);
  if (isHex(kid, hexBytes)) return hexToBytes(kid, name);
  return base64ToBytes(kid, name);
}

/** Whether an ISO date string `YYYY-MM-DD` denotes a real calendar date. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1800 || year > 2200) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Zero-padded ISO date. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
