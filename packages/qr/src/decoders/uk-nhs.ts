/**
 * UK NHS COVID-19 venue QR: `UKC19TRACING:<version>:<compact JWS>` signed with ES256 under one pinned key.
 * Rules from ukhsa-collaboration/covid-19-app-android-ag-public `QrCodeParser.kt`.
 */
import {
  decodeBase64,
  decodeUtf8,
  type EcPublicKeyInput,
  fail,
  parseJsonObject,
  startsWithIgnoreCase,
  toP256Point,
  verifyEs256,
} from './common';
import type { DecodeResult, SignatureStatus } from './types';

/** Format identifier of {@link decodeUkNhsVenue} results. */
export const UK_NHS_VENUE_FORMAT = 'uk-nhs-venue' as const;
const FORMAT = UK_NHS_VENUE_FORMAT;
const PREFIX = 'UKC19TRACING:';

/** A verification key for UK NHS venue codes: the header `kid` it answers to and its P-256 public key. */
export interface UkNhsKey {
  /** Key id as it appears in the JWS header (e.g. `"3"` for the published test key). */
  kid: string;
  /** The public key (SPKI PEM/DER/base64, raw point or JWK). */
  publicKey: EcPublicKeyInput;
}

/** Options of {@link decodeUkNhsVenue}. */
export interface UkNhsDecodeOptions {
  /** Keys to verify against; without them `signature` is `"unverified"`. */
  keys?: UkNhsKey | readonly UkNhsKey[] | undefined;
}

/**
 * Whether `text` carries the UK NHS venue prefix.
 *
 * @param text - scanned text.
 * @returns `true` when the UK decoder should be tried.
 * @example
 * ```ts
 * isUkNhsVenue('UKC19TRACING:1:eyJ…'); // true
 * ```
 */
export function isUkNhsVenue(text: string): boolean {
  return startsWithIgnoreCase(text, PREFIX);
}

/**
 * Decodes and verifies a UK NHS COVID-19 venue QR.
 *
 * Structure errors (not exactly three `:` parts, a version that is not an integer ≥ 1, a token that is not a
 * three-part JWS, undecodable header or payload, missing `id`/`opn`) throw. Signature problems do not throw:
 * they give `signature: "invalid"` with a warning (`unknown-key`, `unsupported-algorithm`, `missing-signature`).
 * Versions above 1 are accepted with a `future-version` warning, as the official apps do.
 *
 * Fields: `{ version, venueId, name, postcode?, venueType?, kid, alg }` (postcode normalised with a space before
 * the last three characters, as the app displays it).
 *
 * @param text - scanned text.
 * @param options - `keys` to verify against.
 * @returns the decoded result.
 * @throws {@link QrDecodeError} `qr/bad-prefix`, `qr/bad-structure`, `qr/unsupported-version`, `qr/bad-encoding` or `qr/bad-field`.
 * @throws TypeError when `text` is not a string or a key cannot be parsed.
 * @example
 * ```ts
 * const result = decodeUkNhsVenue(text, { keys: { kid: '3', publicKey: testKeyPem } });
 * result.signature; // "valid"
 * ```
 */
export function decodeUkNhsVenue(text: string, options?: UkNhsDecodeOptions): DecodeResult {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const parts = text.split(':');
  if (parts[0] !== 'UKC19TRACING') fail('qr/bad-prefix', 'not a UK NHS venue code', FORMAT);
  if (parts.length !== 3) fail('qr/bad-structure', `expected 3 ":"-separated parts, got ${parts.length}`, FORMAT);
  const versionText = parts[1] as string;
  if (!/^[0-9]{1,9}$/.test(versionText) || Number(versionText) < 1) {
    fail('qr/unsupported-version', 'version must be an integer >= 1', FORMAT);
  }
  const version = Number(versionText);
  const warnings: string[] = [];
  if (version > 1) warnings.push('future-version');
  const jws = (parts[2] as string).split('.');
  if (jws.length !== 3) fail('qr/bad-structure', 'token is not a compact JWS', FORMAT);
  const [headerB64, payloadB64, signatureB64] = jws as [string, string, string];
  const header = parseJsonObject(decodeUtf8(decodeBase64(headerB64, 'header', FORMAT), 'header', FORMAT), 'header', FORMAT);
  const payload = parseJsonObject(decodeUtf8(decodeBase64(payloadB64, 'payload', FORMAT), 'payload', FORMAT), 'payload', FORMAT);
  if (typeof payload.id !== 'string' || typeof payload.opn !== 'string') {
    fail('qr/bad-field', 'payload needs string "id" and "opn"', FORMAT);
  }
  const signatureBytes = signatureB64.length === 0 ? new Uint8Array(0) : decodeBase64(signatureB64, 'signature', FORMAT);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;

  let signature: SignatureStatus;
  if (header.alg !== 'ES256') {
    signature = 'invalid';
    warnings.push('unsupported-algorithm');
  } else if (signatureBytes.length === 0) {
    signature = 'invalid';
    warnings.push('missing-signature');
  } else if (options?.keys === undefined) {
    signature = 'unverified';
  } else {
    const keys: readonly UkNhsKey[] = Array.isArray(options.keys) ? options.keys : [options.keys as UkNhsKey];
    const candidates = keys.filter((key) => key.kid === kid);
    if (candidates.length === 0) {
      signature = 'invalid';
      warnings.push('unknown-key');
    } else {
      const message = new TextEncoder().encode(`${headerB64}.${payloadB64}`);
      const ok = candidates.some((key) => verifyEs256(toP256Point(key.publicKey, 'keys.publicKey'), signatureBytes, message));
      signature = ok ? 'valid' : 'invalid';
    }
  }

  const fields: Record<string, unknown> = {
    version,
    venueId: payload.id,
    name: payload.opn,
    kid,
    alg: header.alg,
  };
  if (typeof payload.pc === 'string') fields.postcode = normalisePostcode(payload.pc);
  if (typeof payload.vt === 'string') fields.venueType = payload.vt;
  return { format: FORMAT, fields, signature, warnings };
}

/** As the official app: insert a space before the last 3 characters of an unspaced postcode longer than 4. */
function normalisePostcode(postcode: string): string {
  const trimmed = postcode.trim().toUpperCase();
  if (trimmed.length > 4 && !trimmed.includes(' ')) return `${trimmed.slice(0, -3)} ${trimmed.slice(-3)}`;
  return trimmed;
}
