import { type KeyObject, sign, verify } from 'node:crypto';

/** A decoded and verified compact JWS. */
export interface VerifiedJws {
  /** The protected header. */
  header: Record<string, unknown>;
  /** The claims. */
  claims: Record<string, unknown>;
}

const b64url = (data: Uint8Array | string): string => Buffer.from(data).toString('base64url');

/**
 * Signs claims as a compact JWS (a JWT) with ES256 (ECDSA P-256 / SHA-256, IEEE P1363
 * signature, RFC 7518 §3.4). node:crypto does the work, so no JOSE library is needed.
 *
 * @param claims - the JWT claims.
 * @param privateKey - a P-256 private key.
 * @param kid - key id written into the header.
 * @returns `header.payload.signature`.
 * @example
 * ```ts
 * const jwt = signEs256({ sub: 'x', exp: 1_800_000_000 }, key, 'v1');
 * ```
 */
export function signEs256(claims: Record<string, unknown>, privateKey: KeyObject, kid: string): string {
  const input = `${b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(signature)}`;
}

/**
 * Verifies an ES256 compact JWS and returns its header and claims; `undefined` when the text is
 * not a well-formed JWS, names another algorithm, or the signature does not verify. Expiry and
 * other claims are the caller's to check.
 *
 * @param jws - the compact JWS.
 * @param publicKey - the P-256 public key.
 * @returns the header and claims, or `undefined`.
 * @example
 * ```ts
 * const verified = verifyEs256(token, publicKey);
 * ```
 */
export function verifyEs256(jws: string, publicKey: KeyObject): VerifiedJws | undefined {
  if (typeof jws !== 'string' || jws.length > 8192) return undefined;
  const parts = jws.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const signature = Buffer.from(s, 'base64url');
  if (signature.length !== 64) return undefined;
  const header = parseObject(h);
  if (header?.alg !== 'ES256') return undefined;
  if (!verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)) return undefined;
  const claims = parseObject(p);
  return claims ? { header: header as Record<string, unknown>, claims } : undefined;
}

function parseObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
