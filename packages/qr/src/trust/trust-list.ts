/**
 * Trust lists: which issuer keys may sign healthtrace QR codes. A list maps key ids to Ed25519
 * public keys with a validity period and is itself signed by a root key that apps pin (in the
 * style of the EU DCC gateway's signer lists). JSON format: `docs/spec/qr-v1.md` §5.
 */
import { assertBytes, bytesToHex, concatBytes, equalBytes, hexToBytes, isHex, utf8ToBytes } from '@healthtrace/core';
import { ed25519 } from '@noble/curves/ed25519.js';
import { QrError } from '../envelope/errors';
import { ed25519PublicKey, keyIdOf, verifyWithDomain } from '../envelope/signing';
import { assertDate } from '../envelope/time';

/** Domain-separation prefix of trust-list signatures: `"healthtrace/trust-list/v1"` + 0x00. */
export const TRUST_LIST_SIGNATURE_DOMAIN: Uint8Array = concatBytes(utf8ToBytes('healthtrace/trust-list/v1'), new Uint8Array([0]));

/** One issuer key in a trust list. */
export interface TrustedKey {
  /** 4-byte key id as 8 lower-case hex digits (SHA-256(publicKey)[0..4]). */
  keyId: string;
  /** 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  /** Optional human-readable issuer name. */
  name?: string;
  /** Start of the key's validity (codes issued or valid before it are not accepted under this key). */
  notBefore: Date;
  /** End of the key's validity. */
  notAfter: Date;
}

/** A signed trust list. Only use lists returned by {@link createTrustList} or {@link verifyTrustList}. */
export interface TrustList {
  /** Format version, 1. */
  version: 1;
  /** Key id (8 hex digits) of the root key that signed the list. */
  rootKeyId: string;
  /** When the list was issued. */
  issuedAt: Date;
  /** When the list stops being valid (apps must fetch a newer one). */
  expiresAt: Date;
  /** The issuer keys. */
  keys: TrustedKey[];
  /** 64-byte Ed25519 signature of the root key over the canonical JSON. */
  signature: Uint8Array;
}

/** An issuer key to put in a new trust list. */
export interface TrustedKeyInput {
  /** 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  /** Optional issuer name. */
  name?: string;
  /** Start of validity. */
  notBefore: Date;
  /** End of validity. */
  notAfter: Date;
}

/** The canonical JSON (without `signature`) that the root signs: fixed key order, no whitespace. */
function canonicalJson(list: Omit<TrustList, 'signature'>): string {
  return JSON.stringify({
    format: 'healthtrace-trust-list',
    version: list.version,
    rootKeyId: list.rootKeyId,
    issuedAt: list.issuedAt.toISOString(),
    expiresAt: list.expiresAt.toISOString(),
    keys: list.keys.map((k) => ({
      keyId: k.keyId,
      publicKey: bytesToHex(k.publicKey),
      ...(k.name === undefined ? {} : { name: k.name }),
      notBefore: k.notBefore.toISOString(),
      notAfter: k.notAfter.toISOString(),
    })),
  });
}

/**
 * Builds and signs a trust list.
 *
 * @param input - the issuer keys and the list's validity.
 * @param rootSecretKey - 32-byte Ed25519 secret key of the root.
 * @returns the signed list.
 * @throws TypeError / RangeError on bad arguments (wrong key length, invalid dates, notAfter before notBefore).
 * @example
 * ```ts
 * const list = createTrustList(
 *   { issuedAt: new Date(), expiresAt: new Date(Date.now() + 30 * 864e5), keys: [{ publicKey, notBefore, notAfter, name: 'Hà Nội CDC' }] },
 *   rootSecretKey,
 * );
 * const json = serializeTrustList(list);
 * ```
 */
export function createTrustList(
  input: { issuedAt: Date; expiresAt: Date; keys: readonly TrustedKeyInput[] },
  rootSecretKey: Uint8Array,
): TrustList {
  assertBytes(rootSecretKey, 'rootSecretKey', 32);
  assertDate(input.issuedAt, 'issuedAt');
  assertDate(input.expiresAt, 'expiresAt');
  if (input.expiresAt <= input.issuedAt) throw new RangeError('expiresAt must be after issuedAt');
  const keys = input.keys.map((k, i): TrustedKey => {
    assertBytes(k.publicKey, `keys[${i}].publicKey`, 32);
    assertDate(k.notBefore, `keys[${i}].notBefore`);
    assertDate(k.notAfter, `keys[${i}].notAfter`);
    if (k.notAfter <= k.notBefore) throw new RangeError(`keys[${i}].notAfter must be after notBefore`);
    if (k.name !== undefined && typeof k.name !== 'string') throw new TypeError(`keys[${i}].name must be a string`);
    return {
      keyId: bytesToHex(keyIdOf(k.publicKey)),
      publicKey: k.publicKey.slice(),
      ...(k.name === undefined ? {} : { name: k.name }),
      notBefore: new Date(k.notBefore.getTime()),
      notAfter: new Date(k.notAfter.getTime()),
    };
  });
  const unsigned = {
    version: 1 as const,
    rootKeyId: bytesToHex(keyIdOf(ed25519PublicKey(rootSecretKey))),
    issuedAt: new Date(input.issuedAt.getTime()),
    expiresAt: new Date(input.expiresAt.getTime()),
    keys,
  };
  const signature = ed25519.sign(concatBytes(TRUST_LIST_SIGNATURE_DOMAIN, utf8ToBytes(canonicalJson(unsigned))), rootSecretKey);
  return { ...unsigned, signature };
}

/**
 * Serialises a trust list to its JSON format (indented, with the signature as hex).
 *
 * @param list - the list.
 * @returns JSON text.
 * @example
 * ```ts
 * writeFileSync('trust.json', serializeTrustList(list));
 * ```
 */
export function serializeTrustList(list: TrustList): string {
  const body = JSON.parse(canonicalJson(list)) as Record<string, unknown>;
  return `${JSON.stringify({ ...body, signature: bytesToHex(list.signature) }, null, 2)}\n`;
}

function malformed(message: string): QrError {
  return new QrError('qr/trust-list-malformed', message);
}

function isoDate(value: unknown, name: string): Date {
  if (typeof value !== 'string') throw malformed(`${name} must be an ISO 8601 string`);
  const date = new Date(value);
  // Only the exact toISOString() form is accepted, so that the canonical JSON is reproducible.
  if (Number.isNaN(date.getTime()) || date.toISOString() !== value) {
    throw malformed(`${name} must be an ISO 8601 UTC time like 2026-01-01T00:00:00.000Z`);
  }
  return date;
}

/**
 * Parses a trust list's JSON without checking its signature (see {@link verifyTrustList}).
 *
 * @param json - JSON text.
 * @returns the list (unverified).
 * @throws QrError `qr/trust-list-malformed` when it is not the documented shape.
 * @example
 * ```ts
 * const unverified = parseTrustList(text);
 * console.log(unverified.rootKeyId);
 * ```
 */
export function parseTrustList(json: string): TrustList {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (cause) {
    throw new QrError('qr/trust-list-malformed', 'trust list is not valid JSON', { cause });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw malformed('trust list must be a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.format !== 'healthtrace-trust-list') throw malformed('format must be "healthtrace-trust-list"');
  if (o.version !== 1) throw malformed(`unsupported trust list version ${JSON.stringify(o.version)}`);
  if (!isHex(o.rootKeyId, 4) || o.rootKeyId !== o.rootKeyId.toLowerCase()) throw malformed('rootKeyId must be 8 lower-case hex digits');
  if (!isHex(o.signature, 64)) throw malformed('signature must be 128 hex digits');
  if (!Array.isArray(o.keys)) throw malformed('keys must be an array');
  const keys = o.keys.map((entry: unknown, i): TrustedKey => {
    if (typeof entry !== 'object' || entry === null) throw malformed(`keys[${i}] must be an object`);
    const k = entry as Record<string, unknown>;
    if (!isHex(k.publicKey, 32) || k.publicKey !== k.publicKey.toLowerCase()) {
      throw malformed(`keys[${i}].publicKey must be 64 lower-case hex digits`);
    }
    const publicKey = hexToBytes(k.publicKey, `keys[${i}].publicKey`, 32);
    const keyId = bytesToHex(keyIdOf(publicKey));
    if (k.keyId !== keyId) throw malformed(`keys[${i}].keyId does not match its public key`);
    if (k.name !== undefined && typeof k.name !== 'string') throw malformed(`keys[${i}].name must be a string`);
    return {
      keyId,
      publicKey,
      ...(typeof k.name === 'string' ? { name: k.name } : {}),
      notBefore: isoDate(k.notBefore, `keys[${i}].notBefore`),
      notAfter: isoDate(k.notAfter, `keys[${i}].notAfter`),
    };
  });
  return {
    version: 1,
    rootKeyId: o.rootKeyId,
    issuedAt: isoDate(o.issuedAt, 'issuedAt'),
    expiresAt: isoDate(o.expiresAt, 'expiresAt'),
    keys,
    signature: hexToBytes(o.signature, 'signature', 64),
  };
}

/**
 * Checks a trust list's root signature (and, with `now`, its validity period).
 *
 * @param list - JSON text or a parsed list.
 * @param rootPublicKey - the pinned 32-byte Ed25519 root public key.
 * @param options - `now` to also check `issuedAt ≤ now ≤ expiresAt`.
 * @returns the verified list.
 * @throws QrError `qr/trust-list-malformed`, `qr/trust-list-bad-signature` or `qr/trust-list-expired`.
 * @example
 * ```ts
 * const trust = verifyTrustList(readFileSync('trust.json', 'utf8'), ROOT_PUBLIC_KEY, { now: new Date() });
 * ```
 */
export function verifyTrustList(list: string | TrustList, rootPublicKey: Uint8Array, options?: { now?: Date }): TrustList {
  assertBytes(rootPublicKey, 'rootPublicKey', 32);
  const parsed = typeof list === 'string' ? parseTrustList(list) : list;
  if (!equalBytes(hexToBytes(parsed.rootKeyId, 'rootKeyId', 4), keyIdOf(rootPublicKey))) {
    throw new QrError('qr/trust-list-bad-signature', 'trust list was signed by another root key');
  }
  const message = utf8ToBytes(canonicalJson(parsed));
  if (!verifyWithDomain(parsed.signature, TRUST_LIST_SIGNATURE_DOMAIN, message, rootPublicKey)) {
    throw new QrError('qr/trust-list-bad-signature', 'trust list signature does not verify');
  }
  if (options?.now !== undefined) {
    const now = assertDate(options.now, 'now');
    if (now < parsed.issuedAt || now > parsed.expiresAt) {
      throw new QrError(
        'qr/trust-list-expired',
        `trust list is valid from ${parsed.issuedAt.toISOString()} to ${parsed.expiresAt.toISOString()}`,
      );
    }
  }
  return parsed;
}

/**
 * Finds the key with `keyId` in a trust list.
 *
 * @param list - a verified trust list.
 * @param keyId - 4-byte key id or its 8 hex digits.
 * @returns the key, or `undefined`.
 * @example
 * ```ts
 * const key = findTrustedKey(trust, 'a1b2c3d4');
 * ```
 */
export function findTrustedKey(list: TrustList, keyId: Uint8Array | string): TrustedKey | undefined {
  const hex = typeof keyId === 'string' ? keyId.toLowerCase() : bytesToHex(keyId);
  return list.keys.find((k) => k.keyId === hex);
}
