/**
 * Ed25519 signing with domain separation, and key ids, for the healthtrace QR formats.
 * Ed25519 comes from `@noble/curves` (audited); nothing here re-implements curve arithmetic.
 */
import { assertBytes, concatBytes, equalBytes, utf8ToBytes } from '@healthtrace/core';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** Domain-separation prefix of every QR body signature: `"healthtrace/qr/v1"` followed by a 0x00 byte. */
export const QR_SIGNATURE_DOMAIN: Uint8Array = concatBytes(utf8ToBytes('healthtrace/qr/v1'), new Uint8Array([0]));

/** Length of a key id in bytes. */
export const KEY_ID_LENGTH = 4;

/**
 * The key id of an Ed25519 public key: the first 4 bytes of SHA-256(public key).
 *
 * @param publicKey - 32-byte Ed25519 public key.
 * @returns 4-byte key id.
 * @throws TypeError / RangeError when `publicKey` is not 32 bytes.
 * @example
 * ```ts
 * bytesToHex(keyIdOf(publicKey)); // e.g. "5b0c2e9a"
 * ```
 */
export function keyIdOf(publicKey: Uint8Array): Uint8Array {
  assertBytes(publicKey, 'publicKey', 32);
  return sha256(publicKey).slice(0, KEY_ID_LENGTH);
}

/**
 * Derives the Ed25519 public key of a 32-byte secret key (RFC 8032 seed).
 *
 * @param secretKey - 32-byte secret key.
 * @returns 32-byte public key.
 * @throws TypeError / RangeError when `secretKey` is not 32 bytes.
 * @example
 * ```ts
 * const publicKey = ed25519PublicKey(secretKey);
 * ```
 */
export function ed25519PublicKey(secretKey: Uint8Array): Uint8Array {
  assertBytes(secretKey, 'secretKey', 32);
  return signerOf(secretKey).publicKey.slice();
}

/**
 * Signs `QR_SIGNATURE_DOMAIN ‖ body`.
 *
 * @param body - the QR body (everything before the signature).
 * @param secretKey - 32-byte Ed25519 secret key.
 * @returns 64-byte signature.
 * @example
 * ```ts
 * const signature = signBody(body, issuerSecretKey); // 64 bytes
 * ```
 */
export function signBody(body: Uint8Array, secretKey: Uint8Array): Uint8Array {
  assertBytes(secretKey, 'secretKey', 32);
  const data = concatBytes(QR_SIGNATURE_DOMAIN, body);
  const signer = signerOf(secretKey);
  // Ed25519 is deterministic: OpenSSL and @noble give the same 64 bytes (tested).
  if (signer.nodeKey !== undefined && nodeCrypto !== undefined) return new Uint8Array(nodeCrypto.sign(null, data, signer.nodeKey));
  return ed25519.sign(data, secretKey);
}

/** The parts of `node:crypto` used for fast Ed25519 signing and verification. */
interface NodeCryptoSubset {
  createPublicKey(input: { key: Record<string, string>; format: 'jwk' }): unknown;
  createPrivateKey(input: { key: Record<string, string>; format: 'jwk' }): unknown;
  verify(algorithm: null, data: Uint8Array, key: unknown, signature: Uint8Array): boolean;
  sign(algorithm: null, data: Uint8Array, key: unknown): Uint8Array;
}

/** A secret key's public key (and its `node:crypto` key object), derived once per key array. */
interface Signer {
  /** A copy of the secret key the entry was made from (a caller that rewrites the array gets a new entry). */
  seed: Uint8Array;
  publicKey: Uint8Array;
  nodeKey: unknown;
}

/**
 * Signers by the caller's key array (weakly held, so the cache never outlives the caller's key). Why: deriving the
 * public key costs as much as a signature in pure JS, and issuing a personal QR needs both (the key id and the
 * signature), so a server issuing QRs would pay it on every request.
 */
const signers = new WeakMap<Uint8Array, Signer>();

function signerOf(secretKey: Uint8Array): Signer {
  const known = signers.get(secretKey);
  if (known !== undefined && equalBytes(known.seed, secretKey)) return known;
  const publicKey = ed25519.getPublicKey(secretKey);
  let nodeKey: unknown;
  if (nodeCrypto !== undefined && typeof nodeCrypto.createPrivateKey === 'function' && typeof nodeCrypto.sign === 'function') {
    try {
      nodeKey = nodeCrypto.createPrivateKey({
        key: { kty: 'OKP', crv: 'Ed25519', d: base64Url(secretKey), x: base64Url(publicKey) },
        format: 'jwk',
      });
    } catch {
      nodeKey = undefined;
    }
  }
  const signer: Signer = { seed: secretKey.slice(), publicKey, nodeKey };
  signers.set(secretKey, signer);
  return signer;
}

/**
 * `node:crypto` when running on Node (via `process.getBuiltinModule`, so browser bundles never
 * import it). Why: Ed25519 verification through OpenSSL is ~10× faster than pure-JS @noble, and
 * the decode-and-verify throughput floor (≥ 2,000 venue codes/s on one core) needs it; elsewhere
 * @noble/curves is used with the same strict RFC 8032 rules (`zip215: false`).
 */
const nodeCrypto: NodeCryptoSubset | undefined = (() => {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.('node:crypto') as NodeCryptoSubset | undefined;
    return typeof mod?.verify === 'function' && typeof mod.createPublicKey === 'function' ? mod : undefined;
  } catch {
    return undefined;
  }
})();

/** Parsed Node public keys by hex, so that repeated verifications under one issuer key skip parsing. */
const nodeKeyCache = new Map<string, unknown>();

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function nodeVerify(crypto: NodeCryptoSubset, signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const id = base64Url(publicKey);
  let key = nodeKeyCache.get(id);
  if (key === undefined) {
    key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: id }, format: 'jwk' });
    if (nodeKeyCache.size >= 256) nodeKeyCache.clear();
    nodeKeyCache.set(id, key);
  }
  return crypto.verify(null, message, key, signature);
}

/**
 * Verifies a signature over `domain ‖ message`; never throws.
 *
 * @param signature - 64-byte signature.
 * @param domain - domain-separation prefix.
 * @param message - the signed message.
 * @param publicKey - 32-byte public key.
 * @returns whether it verifies.
 * @example
 * ```ts
 * verifyWithDomain(signature, QR_SIGNATURE_DOMAIN, body, issuerPublicKey); // true
 * ```
 */
export function verifyWithDomain(signature: Uint8Array, domain: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const data = concatBytes(domain, message);
  try {
    if (nodeCrypto !== undefined) return nodeVerify(nodeCrypto, signature, data, publicKey);
    return ed25519.verify(signature, data, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
