/**
 * SMART Health Cards: `shc:/` + two digits per JWS character (`ord(c) - 45`) → compact JWS (ES256,
 * `zip: "DEF"` = raw DEFLATE payload) → JSON. Spec: smart-on-fhir/health-cards `docs/index.md`.
 */
import { inflateSync } from 'fflate';
import {
  decodeBase64,
  decodeUtf8,
  type EcJwk,
  fail,
  parseJsonObject,
  startsWithIgnoreCase,
  toP256Point,
  unixToIso,
  verifyEs256,
} from './common';
import type { DecodeResult, SignatureStatus } from './types';

/** Format identifier of {@link decodeSmartHealthCard} results. */
export const SMART_HEALTH_CARD_FORMAT = 'smart-health-card' as const;
const FORMAT = SMART_HEALTH_CARD_FORMAT;
const PREFIX = 'shc:/';
/** Largest inflated payload accepted (a version-22 QR holds < 1 KB of deflated data). */
const MAX_INFLATED = 1 << 20;

/** A JSON Web Key Set (`{ keys: [...] }`) as published at `<iss>/.well-known/jwks.json`. */
export interface Jwks {
  /** The keys; EC P-256 keys with a `kid` are used. */
  keys: readonly EcJwk[];
}

/** Options of {@link decodeSmartHealthCard}. */
export interface SmartHealthCardDecodeOptions {
  /** Issuer keys; without them `signature` is `"unverified"`. */
  jwks?: Jwks | undefined;
  /** Validation clock for `nbf`/`exp` (default: now). */
  now?: Date | undefined;
}

/**
 * Whether `text` carries the `shc:/` prefix.
 *
 * @param text - scanned text.
 * @returns `true` when the SMART Health Card decoder should be tried.
 * @example
 * ```ts
 * isSmartHealthCard('shc:/5676…'); // true
 * ```
 */
export function isSmartHealthCard(text: string): boolean {
  return startsWithIgnoreCase(text, PREFIX);
}

/**
 * Decodes a SMART Health Card QR and verifies its ES256 JWS against a JWKS.
 *
 * The deprecated chunked form (`shc:/N/M/…`) needs every chunk and is rejected with `qr/bad-structure`.
 * Signature: `valid` / `invalid` (warning `unknown-key` when no JWKS key has the header `kid`;
 * `unsupported-algorithm` for anything but ES256) / `unverified` without a JWKS. Validity: warnings
 * `not-yet-valid` (now < nbf; `nbf` may be fractional) and `expired` (now > exp).
 *
 * Fields: `{ issuer, notBefore?, expiresAt?, kid, types, fhirVersion?, fhirBundle, payload }` — `payload` is the
 * whole JWS payload object. Names and birth dates in the FHIR bundle are personal data (never logged here).
 *
 * @param text - scanned text.
 * @param options - `jwks` and validation clock `now`.
 * @returns the decoded result.
 * @throws {@link QrDecodeError} `qr/bad-prefix`, `qr/bad-encoding`, `qr/bad-compression`, `qr/bad-structure` or `qr/bad-field`.
 * @throws TypeError when `text` is not a string or a JWKS key cannot be parsed.
 * @example
 * ```ts
 * const result = decodeSmartHealthCard(text, { jwks });
 * result.fields.issuer; // "https://spec.smarthealth.cards/examples/issuer"
 * ```
 */
export function decodeSmartHealthCard(text: string, options?: SmartHealthCardDecodeOptions): DecodeResult {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  if (!startsWithIgnoreCase(text, PREFIX)) fail('qr/bad-prefix', 'not a SMART Health Card (shc:/) code', FORMAT);
  const digits = text.slice(PREFIX.length);
  if (/^[0-9]+\/[0-9]+\//.test(digits)) fail('qr/bad-structure', 'chunked SMART Health Cards need every chunk', FORMAT);
  if (digits.length === 0 || digits.length % 2 !== 0 || !/^[0-9]+$/.test(digits)) {
    fail('qr/bad-encoding', 'numeric body must be an even number of digits', FORMAT);
  }
  let jws = '';
  for (let i = 0; i < digits.length; i += 2) {
    const n = (digits.charCodeAt(i) - 48) * 10 + (digits.charCodeAt(i + 1) - 48);
    if (n > 77) fail('qr/bad-encoding', `digit pair ${n} at ${i} is out of range`, FORMAT);
    jws += String.fromCharCode(n + 45);
  }
  const parts = jws.split('.');
  if (parts.length !== 3) fail('qr/bad-structure', 'body is not a compact JWS', FORMAT);
  const [headerB64, payloadB64, signatureB64] = parts as [string, string, string];
  const header = parseJsonObject(decodeUtf8(decodeBase64(headerB64, 'header', FORMAT), 'header', FORMAT), 'header', FORMAT);
  let payloadBytes = decodeBase64(payloadB64, 'payload', FORMAT);
  if (header.zip === 'DEF') {
    try {
      payloadBytes = inflateSync(payloadBytes);
    } catch (error) {
      fail('qr/bad-compression', 'payload is not valid raw DEFLATE', FORMAT, error);
    }
    if (payloadBytes.length > MAX_INFLATED) fail('qr/bad-compression', 'inflated payload too large', FORMAT);
  } else if (header.zip !== undefined) {
    fail('qr/bad-structure', `unsupported zip "${String(header.zip)}"`, FORMAT);
  }
  const payload = parseJsonObject(decodeUtf8(payloadBytes, 'payload', FORMAT), 'payload', FORMAT);
  const vc = payload.vc;
  if (typeof payload.iss !== 'string' || typeof vc !== 'object' || vc === null) {
    fail('qr/bad-field', 'payload needs "iss" and "vc"', FORMAT);
  }
  const credential = vc as Record<string, unknown>;
  const subject = (credential.credentialSubject ?? {}) as Record<string, unknown>;

  const warnings: string[] = [];
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  let signature: SignatureStatus;
  if (header.alg !== 'ES256') {
    signature = 'invalid';
    warnings.push('unsupported-algorithm');
  } else if (options?.jwks === undefined) {
    signature = 'unverified';
  } else {
    const candidates = (options.jwks.keys ?? []).filter((key) => key.kid === kid && key.kty === 'EC');
    if (candidates.length === 0) {
      signature = 'invalid';
      warnings.push('unknown-key');
    } else {
      const signatureBytes = decodeBase64(signatureB64, 'signature', FORMAT);
      const message = new TextEncoder().encode(`${headerB64}.${payloadB64}`);
      const ok = candidates.some((key) => verifyEs256(toP256Point(key, 'jwks key'), signatureBytes, message));
      signature = ok ? 'valid' : 'invalid';
    }
  }
  const nowSeconds = (options?.now ?? new Date()).getTime() / 1000;
  if (typeof payload.nbf === 'number' && nowSeconds < payload.nbf) warnings.push('not-yet-valid');
  if (typeof payload.exp === 'number' && nowSeconds > payload.exp) warnings.push('expired');

  const fields: Record<string, unknown> = {
    issuer: payload.iss,
    kid,
    types: Array.isArray(credential.type) ? credential.type : [],
    fhirBundle: subject.fhirBundle,
    payload,
  };
  if (typeof subject.fhirVersion === 'string') fields.fhirVersion = subject.fhirVersion;
  if (unixToIso(payload.nbf) !== undefined) fields.notBefore = unixToIso(payload.nbf);
  if (unixToIso(payload.exp) !== undefined) fields.expiresAt = unixToIso(payload.exp);
  return { format: FORMAT, fields, signature, warnings };
}
