/**
 * The benchmark workload: a busy phone's 14 days of GAEN sightings (3,000 distinct RPIs a day, 60,000 sightings,
 * 06:00-23:00 UTC) and 100,000 diagnosis keys in 14 signed key files (one per day), 50 of which were heard.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  createKeyFiles,
  deriveAemk,
  deriveRpik,
  encodeMetadata,
  encryptAem,
  importSigningKeyPem,
  importVerificationKeyPem,
  rpiForInterval,
  type TemporaryExposureKey,
  type VerificationKey,
} from '@healthtrace/rolling-id';
import type { Sighting } from '../src/index';

export interface Workload {
  sightings: Sighting[];
  zips: Uint8Array[];
  publicKey: VerificationKey;
  publicKeyPem: string;
  matchingKeys: number;
  totalKeys: number;
}

export const DAYS = 14;
export const RPIS_PER_DAY = 3000;
export const SIGHTINGS = 60_000;
export const KEYS = 100_000;
export const MATCHING_KEYS = 50;
/** First day of the workload (2020-09-01 UTC), as an ENIN day start. */
export const FIRST_DAY_INTERVAL: number = Math.floor(Date.UTC(2020, 8, 1) / 600_000);

/** Small deterministic PRNG (mulberry32) so every run measures the same workload (also used by test fixtures). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildWorkload(seed = 1): Workload {
  const rand = prng(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const bytes = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = int(256);
    return out;
  };
  const sightings: Sighting[] = [];
  const waking = (day: number): number => (FIRST_DAY_INTERVAL + day * 144 + 36 + int(102)) * 600_000 + int(600_000);
  const strangersPerDay = RPIS_PER_DAY - Math.ceil(MATCHING_KEYS / DAYS);
  const perDay = Math.floor(SIGHTINGS / DAYS);
  // Keys: 100,000 random ones spread over the 14 days, plus 50 that the phone heard.
  const keysByDay: TemporaryExposureKey[][] = Array.from({ length: DAYS }, () => []);
  for (let i = 0; i < MATCHING_KEYS; i++) {
    const day = i % DAYS;
    const tek = bytes(16);
    const rsin = FIRST_DAY_INTERVAL + day * 144;
    keysByDay[day]!.push({
      keyData: tek,
      rollingStartIntervalNumber: rsin,
      rollingPeriod: 144,
      reportType: 1,
      daysSinceOnsetOfSymptoms: int(5),
    });
    const rpik = deriveRpik(tek);
    const aemk = deriveAemk(tek);
    const start = 40 + int(90);
    for (let k = 0; k < 4; k++) {
      const interval = rsin + start + k;
      const rpi = rpiForInterval(rpik, interval);
      const aem = encryptAem(aemk, rpi, encodeMetadata({ txPowerDbm: -20 + int(20), calibrationConfidence: 3 }));
      for (let s = 0; s < 2; s++) {
        sightings.push({
          time: interval * 600_000 + s * 300_000 + int(20_000),
          id: rpi,
          aem,
          rssi: -50 - int(40),
          source: 'gaen-advert',
          scannerModel: 'Pixel 4',
        });
      }
    }
  }
  for (let day = 0; day < DAYS; day++) {
    const rpis = Array.from({ length: strangersPerDay }, () => bytes(16));
    const aems = rpis.map(() => bytes(4));
    const count = perDay - Math.floor((MATCHING_KEYS * 8) / DAYS);
    for (let s = 0; s < count; s++) {
      const r = s < strangersPerDay ? s : int(strangersPerDay);
      sightings.push({
        time: waking(day),
        id: rpis[r]!,
        aem: aems[r]!,
        rssi: -40 - int(60),
        source: 'gaen-advert',
        scannerModel: 'Pixel 4',
      });
    }
  }
  for (let i = MATCHING_KEYS; i < KEYS; i++) {
    const day = int(DAYS);
    keysByDay[day]!.push({
      keyData: bytes(16),
      rollingStartIntervalNumber: FIRST_DAY_INTERVAL + day * 144,
      rollingPeriod: 144,
      transmissionRiskLevel: int(8),
    });
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signing = importSigningKeyPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { keyId: '452', keyVersion: 'v1' });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const zips = keysByDay.flatMap((keys, day) =>
    createKeyFiles(keys, {
      signingKeys: [signing],
      region: 'VN',
      startTimestamp: (FIRST_DAY_INTERVAL + day * 144) * 600,
      endTimestamp: (FIRST_DAY_INTERVAL + day * 144 + 144) * 600,
      randomBytes: (n) => new Uint8Array(randomBytes(n)),
    }),
  );
  return {
    sightings,
    zips,
    publicKey: importVerificationKeyPem(publicKeyPem, { keyId: '452', keyVersion: 'v1' }),
    publicKeyPem,
    matchingKeys: MATCHING_KEYS,
    totalKeys: KEYS,
  };
}
