/**
 * PEM import of P-256 keys: PKCS#8 (`PRIVATE KEY`) and SEC1 (`EC PRIVATE KEY`) private keys,
 * SPKI (`PUBLIC KEY`) public keys. A small strict DER reader walks the ASN.1 structure and checks
 * the algorithm (`id-ecPublicKey`) and curve (`prime256v1`) OIDs; points are validated by @noble/curves.
 */
import { base64ToBytes, bytesToBase64 } from '@healthtrace/core';
import { p256 } from '@noble/curves/nist.js';
import { KeyFileError } from './errors';
import type { SigningKey, VerificationKey } from './types';

/** DER of OID 1.2.840.10045.2.1 (id-ecPublicKey). */
const OID_EC_PUBLIC_KEY = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/** DER of OID 1.2.840.10045.3.1.7 (prime256v1 / secp256r1). */
const OID_P256 = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/** Identifiers to attach to an imported key (written into / matched against `SignatureInfo`). */
export interface KeyIdentifiers {
  /** `verification_key_id`, e.g. `"310"`. */
  keyId?: string;
  /** `verification_key_version`, e.g. `"v1"`. */
  keyVersion?: string;
}

/**
 * Imports a P-256 private key from PEM: PKCS#8 (`-----BEGIN PRIVATE KEY-----`, as
 * `openssl genpkey` writes) or SEC1 (`-----BEGIN EC PRIVATE KEY-----`).
 *
 * @param pkcs8Pem - the PEM text.
 * @param ids - optional key id and version, written into the `SignatureInfo` of files it signs.
 * @returns the signing key (private scalar, derived public key, ids).
 * @throws TypeError when `pkcs8Pem` is not a string.
 * @throws KeyFileError `keyfile/bad-key` when the PEM is not a P-256 private key.
 * @example
 * ```ts
 * const key = importSigningKeyPem(readFileSync('private.pem', 'utf8'), { keyId: '452', keyVersion: 'v1' });
 * ```
 */
export function importSigningKeyPem(pkcs8Pem: string, ids?: KeyIdentifiers): SigningKey {
  const { label, der } = pemToDer(pkcs8Pem, 'pkcs8Pem');
  let privateKey: Uint8Array;
  if (label === 'PRIVATE KEY') privateKey = readPkcs8(der);
  else if (label === 'EC PRIVATE KEY') privateKey = readSec1(new Der(der)).privateKey;
  else throw badKey(`expected a "PRIVATE KEY" or "EC PRIVATE KEY" PEM block, got "${label}"`);
  if (!p256.utils.isValidSecretKey(privateKey)) throw badKey('the private scalar is not a valid P-256 key');
  return { privateKey, publicKey: p256.getPublicKey(privateKey, false), ...cleanIds(ids) };
}

/**
 * Imports a P-256 public key from an SPKI PEM (`-----BEGIN PUBLIC KEY-----`), or from the bare
 * base64 SPKI that GAEN key registries publish.
 *
 * @param spkiPem - the PEM text (or bare base64 of the SPKI DER).
 * @param ids - optional key id and version; when set, the key only verifies signatures naming them.
 * @returns the verification key.
 * @throws TypeError when `spkiPem` is not a string.
 * @throws KeyFileError `keyfile/bad-key` when it is not a P-256 SPKI or the point is invalid.
 * @example
 * ```ts
 * const key = importVerificationKeyPem(readFileSync('public.pem', 'utf8'), { keyId: '310', keyVersion: 'v1' });
 * ```
 */
export function importVerificationKeyPem(spkiPem: string, ids?: KeyIdentifiers): VerificationKey {
  if (typeof spkiPem !== 'string') throw new TypeError('spkiPem must be a string');
  let der: Uint8Array;
  if (spkiPem.includes('-----BEGIN')) {
    const pem = pemToDer(spkiPem, 'spkiPem');
    if (pem.label !== 'PUBLIC KEY') throw badKey(`expected a "PUBLIC KEY" PEM block, got "${pem.label}"`);
    der = pem.der;
  } else {
    der = decodeBase64(spkiPem.replace(/\s+/g, ''));
  }
  const publicKey = readSpki(der);
  if (!p256.utils.isValidPublicKey(publicKey)) throw badKey('the public key is not a point on P-256');
  return { publicKey, ...cleanIds(ids) };
}

/**
 * Encodes a P-256 public key as an SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
 *
 * @param publicKey - 65-byte uncompressed (or 33-byte compressed) point.
 * @returns the PEM text, 64 characters per line.
 * @throws TypeError / RangeError when `publicKey` is not a valid P-256 point.
 * @example
 * ```ts
 * writeFileSync('public.pem', exportVerificationKeyPem(signingKey.publicKey));
 * ```
 */
export function exportVerificationKeyPem(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array)) throw new TypeError('publicKey must be a Uint8Array');
  if (!p256.utils.isValidPublicKey(publicKey)) throw new RangeError('publicKey is not a valid P-256 point');
  const der = p256SpkiDer(publicKey);
  const text = bytesToBase64(der).replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN PUBLIC KEY-----\n${text}\n-----END PUBLIC KEY-----\n`;
}

/**
 * The SubjectPublicKeyInfo DER of a P-256 point (id-ecPublicKey, prime256v1, uncompressed point).
 *
 * @internal
 */
export function p256SpkiDer(publicKey: Uint8Array): Uint8Array {
  const point = p256.Point.fromBytes(publicKey).toBytes(false);
  const algo = [0x30, 0x13, 0x06, 0x07, ...OID_EC_PUBLIC_KEY, 0x06, 0x08, ...OID_P256];
  return Uint8Array.from([0x30, 0x59, ...algo, 0x03, 0x42, 0x00, ...point]);
}

function cleanIds(ids: KeyIdentifiers | undefined): KeyIdentifiers {
  const out: KeyIdentifiers = {};
  if (ids === undefined) return out;
  if (typeof ids !== 'object' || ids === null) throw new TypeError('ids must be an object');
  if (ids.keyId !== undefined) {
    if (typeof ids.keyId !== 'string') throw new TypeError('ids.keyId must be a string');
    out.keyId = ids.keyId;
  }
  if (ids.keyVersion !== undefined) {
    if (typeof ids.keyVersion !== 'string') throw new TypeError('ids.keyVersion must be a string');
    out.keyVersion = ids.keyVersion;
  }
  return out;
}

function pemToDer(pem: string, name: string): { label: string; der: Uint8Array } {
  if (typeof pem !== 'string') throw new TypeError(`${name} must be a string`);
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (m === null) throw badKey('no PEM block found');
  const body = (m[2] as string).replace(/\s+/g, '');
  return { label: m[1] as string, der: decodeBase64(body) };
}

function decodeBase64(text: string): Uint8Array {
  try {
    return base64ToBytes(text, 'PEM body');
  } catch (error) {
    throw badKey(`bad base64: ${(error as Error).message}`);
  }
}

/** PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING ECPrivateKey }. */
function readPkcs8(der: Uint8Array): Uint8Array {
  const outer = new Der(der).sequence('PrivateKeyInfo');
  const version = outer.integer('version');
  if (version.length !== 1 || version[0] !== 0) throw badKey('unsupported PKCS#8 version');
  readAlgorithm(outer.sequence('privateKeyAlgorithm'));
  const inner = readSec1(new Der(outer.read(0x04, 'privateKey')));
  return inner.privateKey;
}

/** SEC1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING key, [0] params?, [1] publicKey? }. */
function readSec1(der: Der): { privateKey: Uint8Array } {
  const seq = der.sequence('ECPrivateKey');
  const version = seq.integer('version');
  if (version.length !== 1 || version[0] !== 1) throw badKey('unsupported ECPrivateKey version');
  const privateKey = seq.read(0x04, 'privateKey');
  if (privateKey.length !== 32) throw badKey(`the private key is ${privateKey.length} bytes, expected 32 (P-256)`);
  if (seq.peek() === 0xa0) {
    const params = new Der(seq.read(0xa0, 'parameters'));
    checkOid(params.read(0x06, 'namedCurve'), OID_P256, 'the curve is not P-256');
  }
  return { privateKey: Uint8Array.from(privateKey) };
}

/** SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING point }. */
function readSpki(der: Uint8Array): Uint8Array {
  const d = new Der(der);
  const spki = d.sequence('SubjectPublicKeyInfo');
  d.end('SPKI');
  readAlgorithm(spki.sequence('algorithm'));
  const bits = spki.read(0x03, 'subjectPublicKey');
  spki.end('SubjectPublicKeyInfo');
  if (bits.length < 2 || bits[0] !== 0) throw badKey('bad BIT STRING in SPKI');
  return Uint8Array.from(bits.subarray(1));
}

function readAlgorithm(algo: Der): void {
  checkOid(algo.read(0x06, 'algorithm'), OID_EC_PUBLIC_KEY, 'the key algorithm is not id-ecPublicKey');
  checkOid(algo.read(0x06, 'namedCurve'), OID_P256, 'the curve is not P-256 (prime256v1)');
}

function checkOid(actual: Uint8Array, expected: number[], reason: string): void {
  if (actual.length !== expected.length || expected.some((b, i) => actual[i] !== b)) throw badKey(reason);
}

function badKey(reason: string): KeyFileError {
  return new KeyFileError('keyfile/bad-key', reason);
}

/** Minimal strict DER reader (definite lengths only, no multi-byte tags). */
class Der {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  peek(): number | undefined {
    return this.buf[this.pos];
  }

  read(tag: number, name: string): Uint8Array {
    const t = this.buf[this.pos];
    if (t !== tag)
      throw badKey(`DER: expected tag 0x${tag.toString(16)} for ${name}, got ${t === undefined ? 'end' : `0x${t.toString(16)}`}`);
    let p = this.pos + 1;
    let len = this.buf[p++];
    if (len === undefined) throw badKey(`DER: truncated ${name}`);
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 3) throw badKey(`DER: unsupported length of ${name}`);
      len = 0;
      for (let i = 0; i < n; i++) {
        const b = this.buf[p++];
        if (b === undefined) throw badKey(`DER: truncated ${name}`);
        len = len * 256 + b;
      }
    }
    if (p + len > this.buf.length) throw badKey(`DER: truncated ${name}`);
    this.pos = p + len;
    return this.buf.subarray(p, p + len);
  }

  sequence(name: string): Der {
    return new Der(this.read(0x30, name));
  }

  integer(name: string): Uint8Array {
    return this.read(0x02, name);
  }

  end(name: string): void {
    if (this.pos !== this.buf.length) throw badKey(`DER: trailing bytes after ${name}`);
  }
}
