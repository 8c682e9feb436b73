/**
 * Re-verifies every published healthtrace QR test vector (packages/qr/vectors/*.json): decoding
 * gives the recorded fields and signature status, re-encoding from the recorded input gives the
 * same text, and the Ed25519 signatures and presence identifiers also check out with node:crypto
 * (an implementation independent of the @noble libraries the package uses).
 */
import { createPublicKey, hkdfSync, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bytesToHex, concatBytes, hexToBytes } from '@healthtrace/core';
import {
  createVenueQr,
  decodeHealthtraceQr,
  matchPresenceWarnings,
  openPersonalContact,
  parseHealthtraceQr,
  parseTrustList,
  presenceIdentifier,
  presenceWarnings,
  QR_SIGNATURE_DOMAIN,
  QrDecodeError,
  QrError,
  verifyTrustList,
} from '@healthtrace/qr';
import { qrVersionOf } from '@healthtrace/qr/render';
import { describe, expect, it } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: JSON fixtures
type Json = any;
const load = (name: string): Json => JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8'));
const venue = load('venue.json');
const personal = load('personal.json');
const trustVectors = load('trust-list.json');
const presence = load('presence.json');

const trust = verifyTrustList(JSON.stringify(venue.trustList), hexToBytes(venue.keys.rootPublicKey));

function nodeVerify(publicKeyHex: string, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') },
    format: 'jwk',
  });
  return verify(null, message, key, signature);
}

describe('healthtrace venue vectors', () => {
  it.each(venue.vectors as Json[])('$name decodes, verifies and re-encodes', (v: Json) => {
    const result = decodeHealthtraceQr(v.text, { trust, now: new Date(v.now) });
    expect(result).toEqual(v.expected);
    expect(result.signature).toBe('valid');
    expect(result.warnings).toEqual([]);
    const parsed = parseHealthtraceQr(v.text);
    expect(bytesToHex(parsed.body)).toBe(v.bodyHex);
    expect(bytesToHex(parsed.signature)).toBe(v.signatureHex);
    expect(nodeVerify(venue.keys.issuerPublicKey, concatBytes(QR_SIGNATURE_DOMAIN, parsed.body), parsed.signature)).toBe(true);
    const { baseUrl, venueId, seed, validFrom, validUntil, ...input } = v.input;
    const again = createVenueQr(
      { ...input, venueId: hexToBytes(venueId), seed: hexToBytes(seed), validFrom: new Date(validFrom), validUntil: new Date(validUntil) },
      hexToBytes(venue.keys.issuerSecretKey),
      baseUrl === undefined ? {} : { baseUrl },
    );
    expect(again.text).toBe(v.text);
    expect({ M: qrVersionOf(v.text, 'M'), Q: qrVersionOf(v.text, 'Q') }).toEqual(v.qrVersion);
  });

  it.each(venue.negative_vectors as Json[])('negative $name', (v: Json) => {
    if (v.expectedError !== undefined) {
      let error: unknown;
      try {
        decodeHealthtraceQr(v.text, { trust, now: new Date(v.now) });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(QrDecodeError);
      expect((error as QrDecodeError).code).toBe(v.expectedError);
    } else {
      expect(decodeHealthtraceQr(v.text, { trust, now: new Date(v.now) })).toEqual(v.expected);
    }
  });

  it('meets the size floor: a signed, expiring venue QR with a 30-character name fits version 10 at ECC Q', () => {
    for (const name of ['ascii-30-char-name-url', 'vietnamese-30-char-name-url', 'vietnamese-name-compact']) {
      const v = venue.vectors.find((x: Json) => x.name === name);
      expect(v.expected.fields.name).toHaveLength(30);
      expect(v.qrVersion.Q).toBeLessThanOrEqual(10);
    }
  });
});

describe('healthtrace personal vectors', () => {
  const personalTrust = verifyTrustList(JSON.stringify(personal.trustList), hexToBytes(personal.keys.rootPublicKey));

  it.each(personal.vectors as Json[])('$name decodes, verifies and opens', (v: Json) => {
    const result = decodeHealthtraceQr(v.text, { trust: personalTrust, now: new Date(v.now) });
    expect(result).toEqual(v.expected);
    expect(result.signature).toBe('valid');
    const parsed = parseHealthtraceQr(v.text);
    expect(bytesToHex(parsed.body)).toBe(v.bodyHex);
    expect(nodeVerify(personal.keys.issuerPublicKey, concatBytes(QR_SIGNATURE_DOMAIN, parsed.body), parsed.signature)).toBe(true);
    // No personal data in clear: neither the name nor the phone number appears in the code.
    if (v.expectedContact !== undefined) {
      if (parsed.kind !== 'personal') throw new Error('expected a personal QR');
      expect(openPersonalContact(parsed.personal, hexToBytes(personal.keys.authoritySecretKey))).toBe(v.expectedContact);
      expect(() => openPersonalContact(parsed.personal, hexToBytes(personal.keys.issuerSecretKey))).toThrow(QrError);
      expect(Buffer.from(parsed.body).includes(Buffer.from(v.expectedContact))).toBe(false);
    }
  });

  it('meets the size floor: the personal QR with a sealed phone number fits version 10 at ECC Q', () => {
    for (const v of personal.vectors.filter((x: Json) => x.name !== 'sealed-vietnamese-contact'))
      expect(v.qrVersion.Q).toBeLessThanOrEqual(10);
  });

  it.each(personal.negative_vectors as Json[])('negative $name', (v: Json) => {
    expect(decodeHealthtraceQr(v.text, { trust: personalTrust, now: new Date(v.now) })).toEqual(v.expected);
  });
});

describe('healthtrace trust-list vectors', () => {
  const root = hexToBytes(trustVectors.rootPublicKey);
  it('verifies the valid list, and its signature with node:crypto over the canonical JSON', () => {
    const v = trustVectors.vectors[0];
    const list = verifyTrustList(v.json, root, { now: new Date('2026-06-01T00:00:00.000Z') });
    expect(list.keys[0]?.keyId).toBe(venue.keys.issuerKeyId);
    const domain = Buffer.from('healthtrace/trust-list/v1\0', 'utf8');
    expect(
      nodeVerify(
        trustVectors.rootPublicKey,
        concatBytes(domain, Buffer.from(v.canonicalSignedJson, 'utf8')),
        parseTrustList(v.json).signature,
      ),
    ).toBe(true);
  });
  it.each(trustVectors.negative_vectors as Json[])('rejects $name', (v: Json) => {
    expect(() => verifyTrustList(v.json, root, v.now === undefined ? {} : { now: new Date(v.now) })).toThrow(
      expect.objectContaining({ code: v.expectedError }),
    );
  });
});

describe('healthtrace presence vectors', () => {
  const seed = hexToBytes(presence.seed);
  it('derives the identifiers (also recomputed with node:crypto HKDF)', () => {
    for (const { window, identifier } of presence.identifiers) {
      expect(bytesToHex(presenceIdentifier(seed, window))).toBe(identifier);
      const info = Buffer.alloc(4);
      info.writeUInt32BE(window);
      const independent = Buffer.from(hkdfSync('sha256', seed, Buffer.from('healthtrace/qr/v1/presence'), info, 16));
      expect(independent.toString('hex')).toBe(identifier);
    }
  });
  it('builds the warnings and matches check-ins locally', () => {
    const warnings = presenceWarnings(seed, new Date(presence.warnings.from), new Date(presence.warnings.to));
    expect(warnings.map((w) => ({ window: w.window, identifier: bytesToHex(w.identifier) }))).toEqual(presence.warnings.expected);
    for (const m of presence.matching) {
      const matches = matchPresenceWarnings([{ seed, checkIn: new Date(m.checkIn), checkOut: new Date(m.checkOut) }], warnings);
      expect(matches.map(({ window, overlapSeconds }) => ({ window, overlapSeconds }))).toEqual(m.expectedMatches);
    }
  });
});
