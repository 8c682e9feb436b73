/**
 * Benchmark: QR size of every real-world sample in `../shared/vectors/qr/` next to healthtrace's own
 * codes with equivalent content, and decode-and-verify throughput of the healthtrace venue QR
 * (target ≥ 2,000 codes/s on one core).
 *
 * Size: payload characters and the smallest QR version at ECC M and Q, computed with the `qrcode`
 * encoder (automatic segmentation for foreign formats, explicit alphanumeric + numeric segments for
 * ours). Throughput: `decodeHealthtraceQr` with a trust list (base10 → body → Ed25519 verify →
 * validity), `rounds` rounds of ≥ 1 s each; best and spread are printed because the machine is shared.
 *
 * Usage: `pnpm bench:qr`, or
 * `tsx --conditions=@healthtrace/source packages/qr/bench/size-and-speed.ts [--json] [--rounds N]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import {
  createPersonalQr,
  createTrustList,
  createVenueQr,
  decodeAny,
  decodeHealthtraceQr,
  ed25519PublicKey,
  x25519PublicKey,
} from '@healthtrace/qr';
import { qrVersionOf } from '@healthtrace/qr/render';

const args = process.argv.slice(2);
const json = args.includes('--json');
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 5;

const issuer = new Uint8Array(32).fill(1);
const NOW = new Date('2026-11-27T09:00:00Z');
const trust = createTrustList(
  {
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: new Date('2027-01-01T00:00:00Z'),
    keys: [
      { publicKey: ed25519PublicKey(issuer), notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2028-01-01T00:00:00Z') },
    ],
  },
  new Uint8Array(32).fill(2),
);
const validity = { validFrom: new Date('2026-11-01T00:00:00Z'), validUntil: new Date('2027-10-31T00:00:00Z') };
const BASE_URL = 'https://ht.vn/V';

interface Row {
  format: string;
  sample: string;
  chars: number;
  versionM: number;
  versionQ: number;
  signed: boolean;
  expires: boolean;
}

const row = (format: string, sample: string, text: string, signed: boolean, expires: boolean): Row => ({
  format,
  sample,
  chars: text.length,
  versionM: qrVersionOf(text, 'M'),
  versionQ: qrVersionOf(text, 'Q'),
  signed,
  expires,
});

// ---- sizes ----
const rows: Row[] = [];
const dir = new URL('../../../../shared/vectors/qr/', import.meta.url);
const SIGNED = new Set(['uk-nhs-venue', 'eu-dcc', 'smart-health-card']);
const EXPIRING = new Set(['eu-dcc']);
for (const file of readdirSync(dir).sort()) {
  if (file === 'base45.json') continue; // an encoding, not a QR format
  const data = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as {
    vectors: { name: string; input?: unknown; valid?: unknown }[];
    secondary_vectors?: { name: string; input?: unknown; valid?: unknown }[];
  };
  for (const v of [...data.vectors, ...(data.secondary_vectors ?? [])]) {
    if (typeof v.input !== 'string' || v.valid === false || v.valid === 'False' || v.name === 'future-version-allowed') continue;
    const decoded = decodeAny(v.input, { now: new Date('2021-05-04T00:00:00Z') });
    rows.push(row(decoded.format, v.name, v.input, SIGNED.has(decoded.format), EXPIRING.has(decoded.format)));
    const f = decoded.fields as Record<string, unknown>;
    const name = (f.name ?? f.description) as string | undefined;
    if (name !== undefined) {
      const address = [f.address, f.postcode]
        .filter((x): x is string => typeof x === 'string' && x !== '')
        .join(', ')
        .replace(/\n/g, ', ');
      const ours = createVenueQr(
        { name, ...(address === '' ? {} : { address }), venueType: 1, defaultCheckInMinutes: 60, ...validity },
        issuer,
        { baseUrl: BASE_URL },
      ).text;
      rows.push(row('→ healthtrace-venue', `same name${address === '' ? '' : ' + address'}`, ours, true, true));
    } else {
      const ours = createPersonalQr(
        {
          status: ['vaccinated'],
          issuedAt: NOW,
          contact: { text: '+84912345678', authorityPublicKey: x25519PublicKey(new Uint8Array(32).fill(3)) },
        },
        issuer,
      ).text;
      rows.push(row('→ healthtrace-personal', 'status + sealed phone, no PII in clear', ours, true, true));
    }
  }
}
const floorText = createVenueQr({ name: 'Quán Phở Thìn Lò Đúc Hà Nội 13', venueType: 4, defaultCheckInMinutes: 60, ...validity }, issuer, {
  baseUrl: BASE_URL,
}).text;
const floorAscii = createVenueQr({ name: 'Blue Stone Table 1 Cafe Hanoi.', venueType: 4, defaultCheckInMinutes: 60, ...validity }, issuer, {
  baseUrl: BASE_URL,
}).text;
rows.push(row('healthtrace-venue', '30-char Vietnamese name, URL form', floorText, true, true));
rows.push(row('healthtrace-venue', '30-char ASCII name, URL form', floorAscii, true, true));
rows.push(
  row(
    'healthtrace-venue',
    '30-char Vietnamese name, HT1: form',
    createVenueQr({ name: 'Quán Phở Thìn Lò Đúc Hà Nội 13', ...validity }, issuer).text,
    true,
    true,
  ),
);
rows.push(
  row('healthtrace-personal', 'status only', createPersonalQr({ status: ['no-symptoms'], issuedAt: NOW }, issuer).text, true, true),
);

// ---- throughput ----
function measure(fn: () => void): { best: number; worst: number; median: number } {
  for (let i = 0; i < 300; i++) fn();
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < 1000) {
      for (let i = 0; i < 50; i++) fn();
      n += 50;
      elapsed = performance.now() - start;
    }
    rates.push((n * 1000) / elapsed);
  }
  rates.sort((a, b) => a - b);
  return {
    best: Math.round(rates[rates.length - 1] as number),
    worst: Math.round(rates[0] as number),
    median: Math.round(rates[Math.floor(rates.length / 2)] as number),
  };
}
const check = decodeHealthtraceQr(floorText, { trust, now: NOW });
if (check.signature !== 'valid' || check.warnings.length > 0) throw new Error('benchmark code does not verify');
const throughput = {
  decodeAndVerifyVenue: measure(() => void decodeHealthtraceQr(floorText, { trust, now: NOW })),
  decodeAnyAndVerifyVenue: measure(() => void decodeAny(floorText, { trust, now: NOW })),
};

if (json) {
  console.log(JSON.stringify({ rows, throughput, rounds }, null, 2));
} else {
  console.log('| Format | Sample | Chars | QR version M | QR version Q | Signed | Expires |');
  console.log('|---|---|---:|---:|---:|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.format} | ${r.sample} | ${r.chars} | ${r.versionM} | ${r.versionQ} | ${r.signed ? 'yes' : 'no'} | ${r.expires ? 'yes' : 'no'} |`,
    );
  console.log('');
  for (const [name, t] of Object.entries(throughput)) {
    console.log(
      `${name}: best ${t.best.toLocaleString('en')} codes/s, median ${t.median.toLocaleString('en')}, worst ${t.worst.toLocaleString('en')} (${rounds} rounds of ≥1 s, one core; target ≥ 2,000)`,
    );
  }
}
