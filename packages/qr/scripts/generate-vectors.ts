/**
 * Generates the published test vectors of the healthtrace QR formats (`packages/qr/vectors/*.json`)
 * from FIXED keys, seeds and times, so that the output is byte-for-byte reproducible:
 *
 *   pnpm exec tsx --conditions=@healthtrace/source packages/qr/scripts/generate-vectors.ts
 *
 * Vectors produced by this code are the definition of OUR format (docs/spec/qr-v1.md); Ed25519,
 * X25519, HKDF and XChaCha20-Poly1305 themselves come from @noble (checked against their own vectors).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bytesToHex, concatBytes, utf8ToBytes } from '@healthtrace/core';
import {
  bytesToBase10,
  createPersonalQr,
  createTrustList,
  createVenueQr,
  decodeHealthtraceQr,
  ed25519PublicKey,
  keyIdOf,
  parseHealthtraceQr,
  presenceIdentifier,
  presenceWarnings,
  presenceWindow,
  serializeTrustList,
  unwrapDigits,
  x25519PublicKey,
} from '@healthtrace/qr';
import { qrVersionOf } from '@healthtrace/qr/render';
import { sha256 } from '@noble/hashes/sha2.js';

const out = (name: string): string => fileURLToPath(new URL(`../vectors/${name}`, import.meta.url));
const fixed = (label: string): Uint8Array => sha256(utf8ToBytes(`healthtrace qr-v1 test vector: ${label}`));
/** Deterministic "randomness" for vectors only: SHA-256 of a label and a counter. */
function fixedRandom(label: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    let bytes: Uint8Array = new Uint8Array(0);
    while (bytes.length < n) bytes = concatBytes(bytes, fixed(`${label}#${counter++}`));
    return bytes.slice(0, n);
  };
}

const issuerSecretKey = fixed('issuer key');
const otherSecretKey = fixed('untrusted issuer key');
const rootSecretKey = fixed('root key');
const authoritySecretKey = fixed('health authority x25519 key');
const keys = {
  issuerSecretKey: bytesToHex(issuerSecretKey),
  issuerPublicKey: bytesToHex(ed25519PublicKey(issuerSecretKey)),
  issuerKeyId: bytesToHex(keyIdOf(ed25519PublicKey(issuerSecretKey))),
  untrustedSecretKey: bytesToHex(otherSecretKey),
  rootSecretKey: bytesToHex(rootSecretKey),
  rootPublicKey: bytesToHex(ed25519PublicKey(rootSecretKey)),
  authoritySecretKey: bytesToHex(authoritySecretKey),
  authorityPublicKey: bytesToHex(x25519PublicKey(authoritySecretKey)),
  derivation:
    'each secret = SHA-256(UTF-8 "healthtrace qr-v1 test vector: <label>") for the labels issuer key, untrusted issuer key, root key, health authority x25519 key',
};
const trust = createTrustList(
  {
    issuedAt: new Date('2026-01-01T00:00:00.000Z'),
    expiresAt: new Date('2027-01-01T00:00:00.000Z'),
    keys: [
      {
        publicKey: ed25519PublicKey(issuerSecretKey),
        name: 'Test issuer (Sở Y tế thử nghiệm)',
        notBefore: new Date('2026-01-01T00:00:00.000Z'),
        notAfter: new Date('2028-01-01T00:00:00.000Z'),
      },
    ],
  },
  rootSecretKey,
);
const trustJson = serializeTrustList(trust);
const NOW = new Date('2026-11-27T09:00:00.000Z');

function layers(text: string): { bodyHex: string; signatureHex: string; qrVersion: { M: number; Q: number } } {
  const parsed = parseHealthtraceQr(text);
  return {
    bodyHex: bytesToHex(parsed.body),
    signatureHex: bytesToHex(parsed.signature),
    qrVersion: { M: qrVersionOf(text, 'M'), Q: qrVersionOf(text, 'Q') },
  };
}

function decoded(text: string, now: Date): unknown {
  return decodeHealthtraceQr(text, { trust, now });
}

// ---------- venue ----------
const validity = { validFrom: new Date('2026-11-01T00:00:00.000Z'), validUntil: new Date('2027-10-31T00:00:00.000Z') };
const venueInputs = [
  {
    name: 'ascii-30-char-name-url',
    baseUrl: 'https://ht.vn/V',
    input: { name: 'Blue Stone Table 1 Cafe Hanoi.', venueType: 4, defaultCheckInMinutes: 60 },
  },
  {
    name: 'vietnamese-30-char-name-url',
    baseUrl: 'https://ht.vn/V',
    input: { name: 'Quán Phở Thìn Lò Đúc Hà Nội 13', venueType: 4, defaultCheckInMinutes: 45 },
  },
  {
    name: 'vietnamese-name-compact',
    baseUrl: undefined,
    input: { name: 'Quán Phở Thìn Lò Đúc Hà Nội 13', venueType: 4, defaultCheckInMinutes: 45 },
  },
  {
    name: 'with-address-and-ward',
    baseUrl: 'https://ht.vn/V',
    input: {
      name: 'Chợ Đồng Xuân',
      address: 'Phố Đồng Xuân, Hoàn Kiếm, Hà Nội',
      wardCode: '00070',
      venueType: 3,
      defaultCheckInMinutes: 90,
    },
  },
  { name: 'minimal-unspecified-type', baseUrl: undefined, input: { name: 'X' } },
  { name: 'non-vn8-name-utf8', baseUrl: 'https://ht.vn/V', input: { name: 'Café ☕ 北京', venueType: 1, defaultCheckInMinutes: 30 } },
];
const venueVectors = venueInputs.map(({ name, baseUrl, input }) => {
  const { text, venue } = createVenueQr({ ...input, ...validity }, issuerSecretKey, {
    random: fixedRandom(`venue ${name}`),
    ...(baseUrl === undefined ? {} : { baseUrl }),
  });
  return {
    name,
    input: {
      ...input,
      validFrom: '2026-11-01',
      validUntil: '2027-10-31',
      ...(baseUrl === undefined ? {} : { baseUrl }),
      venueId: bytesToHex(venue.venueId),
      seed: bytesToHex(venue.seed),
    },
    text,
    textLength: text.length,
    ...layers(text),
    now: NOW.toISOString(),
    expected: decoded(text, NOW),
  };
});
const base = venueVectors[0] as { text: string };
const baseParsed = parseHealthtraceQr(base.text);
const { head } = unwrapDigits(base.text);
const reencode = (bytes: Uint8Array): string => `${head}${bytesToBase10(bytes)}`;
const tamperedBody = baseParsed.body.slice();
tamperedBody[tamperedBody.length - 1] = (tamperedBody[tamperedBody.length - 1] as number) ^ 0x01; // flips the last character of the name
const v2 = concatBytes(baseParsed.body, baseParsed.signature);
v2[0] = 0x21;
const otherKey = createVenueQr({ ...venueInputs[0]!.input, ...validity }, otherSecretKey, {
  baseUrl: 'https://ht.vn/V',
  random: fixedRandom('venue untrusted'),
}).text;
const venueNegatives = [
  {
    name: 'expired',
    text: base.text,
    now: '2027-11-01T00:05:01.000Z',
    expected: decoded(base.text, new Date('2027-11-01T00:05:01.000Z')),
    note: 'validity ends 2027-11-01T00:00Z; default skew 300 s',
  },
  {
    name: 'expired-within-skew',
    text: base.text,
    now: '2027-11-01T00:04:59.000Z',
    expected: decoded(base.text, new Date('2027-11-01T00:04:59.000Z')),
    note: 'still accepted within the 300 s clock skew',
  },
  {
    name: 'not-yet-valid',
    text: base.text,
    now: '2026-10-31T23:50:00.000Z',
    expected: decoded(base.text, new Date('2026-10-31T23:50:00.000Z')),
  },
  {
    name: 'tampered-body',
    text: reencode(concatBytes(tamperedBody, baseParsed.signature)),
    now: NOW.toISOString(),
    expected: decoded(reencode(concatBytes(tamperedBody, baseParsed.signature)), NOW),
  },
  { name: 'untrusted-key', text: otherKey, now: NOW.toISOString(), expected: decoded(otherKey, NOW) },
  { name: 'unsupported-major-version', text: reencode(v2), now: NOW.toISOString(), expectedError: 'qr/unsupported-version' },
  { name: 'truncated-digits', text: base.text.slice(0, -1), now: NOW.toISOString(), expectedError: 'qr/bad-encoding' },
  {
    name: 'percent-20-mangled',
    text: `${base.text.slice(0, 40)}%20${base.text.slice(40)}`,
    now: NOW.toISOString(),
    expectedError: 'qr/unrecognised',
    note: 'a camera-copy artefact inside the digits: the fragment is no longer digits only',
  },
];
writeFileSync(
  out('venue.json'),
  `${JSON.stringify({ format: 'healthtrace-venue', spec: 'docs/spec/qr-v1.md', keys, trustList: JSON.parse(trustJson), vectors: venueVectors, negative_vectors: venueNegatives }, null, 2)}\n`,
);

// ---------- personal ----------
const authorityPublicKey = x25519PublicKey(authoritySecretKey);
const personalInputs = [
  { name: 'no-contact', input: { status: ['no-symptoms', 'no-known-exposure', 'vaccinated'], lifetimeMinutes: 60 } },
  { name: 'sealed-phone', input: { status: ['no-symptoms', 'negative-test'], lifetimeMinutes: 30, contact: '+84912345678' } },
  { name: 'sealed-vietnamese-contact', input: { status: ['has-symptoms'], lifetimeMinutes: 15, contact: 'Nguyễn Văn A 0912345678' } },
];
const issuedAt = new Date('2026-11-27T08:45:00.000Z');
const personalVectors = personalInputs.map(({ name, input }) => {
  const { contact, ...rest } = input as typeof input & { contact?: string };
  const { text } = createPersonalQr(
    { ...rest, issuedAt, ...(contact === undefined ? {} : { contact: { text: contact, authorityPublicKey } }) },
    issuerSecretKey,
    { random: fixedRandom(`personal ${name}`) },
  );
  return {
    name,
    input: { ...input, issuedAt: issuedAt.toISOString() },
    text,
    textLength: text.length,
    ...layers(text),
    now: NOW.toISOString(),
    expected: decoded(text, NOW),
    ...(contact === undefined ? {} : { expectedContact: contact }),
  };
});
const p0 = personalVectors[0] as { text: string };
const personalNegatives = [
  { name: 'expired', text: p0.text, now: '2026-11-27T09:50:01.000Z', expected: decoded(p0.text, new Date('2026-11-27T09:50:01.000Z')) },
];
writeFileSync(
  out('personal.json'),
  `${JSON.stringify({ format: 'healthtrace-personal', spec: 'docs/spec/qr-v1.md', keys, trustList: JSON.parse(trustJson), vectors: personalVectors, negative_vectors: personalNegatives }, null, 2)}\n`,
);

// ---------- trust list ----------
const tampered = JSON.parse(trustJson) as { keys: { name: string }[] };
(tampered.keys[0] as { name: string }).name = 'Attacker';
writeFileSync(
  out('trust-list.json'),
  `${JSON.stringify(
    {
      format: 'healthtrace-trust-list',
      spec: 'docs/spec/qr-v1.md',
      rootPublicKey: keys.rootPublicKey,
      vectors: [
        {
          name: 'valid',
          json: trustJson,
          valid: true,
          canonicalSignedJson: JSON.stringify({ ...JSON.parse(trustJson), signature: undefined }),
        },
      ],
      negative_vectors: [
        { name: 'tampered-name', json: `${JSON.stringify(tampered, null, 2)}\n`, expectedError: 'qr/trust-list-bad-signature' },
        { name: 'expired-at-now', json: trustJson, now: '2027-01-01T00:00:01.000Z', expectedError: 'qr/trust-list-expired' },
      ],
    },
    null,
    2,
  )}\n`,
);

// ---------- presence ----------
const seed = fixed('presence seed').slice(0, 16);
const from = new Date('2026-11-27T18:00:00.000Z');
const to = new Date('2026-11-27T21:00:00.000Z');
writeFileSync(
  out('presence.json'),
  `${JSON.stringify(
    {
      format: 'healthtrace-presence',
      spec: 'docs/spec/qr-v1.md',
      seed: bytesToHex(seed),
      identifiers: [493954, presenceWindow(from), presenceWindow(from) + 1, presenceWindow(from) + 2].map((w) => ({
        window: w,
        identifier: bytesToHex(presenceIdentifier(seed, w)),
      })),
      warnings: {
        from: from.toISOString(),
        to: to.toISOString(),
        expected: presenceWarnings(seed, from, to).map((w) => ({ window: w.window, identifier: bytesToHex(w.identifier) })),
      },
      matching: [
        {
          name: 'overlaps-two-windows',
          checkIn: '2026-11-27T17:30:00.000Z',
          checkOut: '2026-11-27T19:15:00.000Z',
          expectedMatches: [
            { window: presenceWindow(from), overlapSeconds: 3600 },
            { window: presenceWindow(from) + 1, overlapSeconds: 900 },
          ],
        },
        { name: 'before-the-warning', checkIn: '2026-11-27T16:00:00.000Z', checkOut: '2026-11-27T17:59:59.000Z', expectedMatches: [] },
      ],
    },
    null,
    2,
  )}\n`,
);
// Keep the files in the repository's formatting so that `pnpm lint` stays clean.
const biome = fileURLToPath(new URL('../../../node_modules/.bin/biome', import.meta.url));
execFileSync(biome, ['format', '--write', ...['venue.json', 'personal.json', 'trust-list.json', 'presence.json'].map(out)], {
  stdio: 'ignore',
});
console.log('wrote vectors: venue.json, personal.json, trust-list.json, presence.json');
