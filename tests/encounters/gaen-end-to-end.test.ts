import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@healthtrace/core';
import {
  buildGaenAdvert,
  DEFAULT_DAILY_SUMMARIES_CONFIG,
  dailySummaries,
  EncountersError,
  matchGaen,
  parseGaenAdvert,
  type Sighting,
  sightingFromAdvert,
} from '@healthtrace/encounters';
import {
  createKeyFiles,
  decodeMetadata,
  decryptAem,
  deriveAemk,
  deriveRpik,
  encodeMetadata,
  encryptAem,
  importSigningKeyPem,
  importVerificationKeyPem,
  rpiForInterval,
} from '@healthtrace/rolling-id';
import { describe, expect, it } from 'vitest';

const vectorsDir = new URL('../../../shared/vectors/', import.meta.url);
const crypto = JSON.parse(readFileSync(new URL('gaen-crypto.json', vectorsDir), 'utf8')) as {
  primary: {
    tek: string;
    aemk: string;
    metadata: string;
    start_interval_number: number;
    rows: { index: number; interval: number; rpi: string; aem: string }[];
  };
  secondary: { tek: string; rolling_start_interval_number: number; aemk: string; selected: { interval: number; rpi: string }[] }[];
};
const adverts = JSON.parse(readFileSync(new URL('gaen-ble-advert.json', vectorsDir), 'utf8')) as {
  aemk: string;
  examples: { raw_hex: string; expected: { tx_power_dbm: number; metadata_after_decrypt_with_aemk: string } }[];
};

function testSigningKey(id = '310', version = 'v1') {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    signing: importSigningKeyPem(pkcs8, { keyId: id, keyVersion: version }),
    verification: importVerificationKeyPem(spki, { keyId: id, keyVersion: version }),
  };
}

describe('GAEN advert vectors decrypt to their metadata', () => {
  it.each(adverts.examples.map((e, i) => [i, e] as const))('example %i: TX power from the AEM', (_i, example) => {
    const { rpi, aem } = parseGaenAdvert(example.raw_hex);
    const metadata = decryptAem(hexToBytes(adverts.aemk), rpi, aem);
    expect(bytesToHex(metadata)).toBe(example.expected.metadata_after_decrypt_with_aemk);
    expect(decodeMetadata(metadata).txPowerDbm).toBe(example.expected.tx_power_dbm);
  });
});

describe('end to end: official GAEN TEK → adverts → sightings → signed export file → windows', () => {
  const p = crypto.primary;
  // Sightings built from the official vector rows: the phone hears the advert of rows 60..65 (10:00-11:00 UTC).
  const sightings: Sighting[] = p.rows
    .filter((r) => r.index >= 60 && r.index < 66)
    .map(
      (r) =>
        sightingFromAdvert(buildGaenAdvert(hexToBytes(r.rpi), hexToBytes(r.aem), { flags: false }), {
          time: r.interval * 600_000 + 120_000,
          rssi: -60,
        })!,
    );
  const otherKeys = Array.from({ length: 50 }, (_, i) => ({
    keyData: new Uint8Array(16).fill(i + 1),
    rollingStartIntervalNumber: p.start_interval_number,
    rollingPeriod: 144,
    transmissionRiskLevel: 0,
  }));

  it('matches the official key from a signed export and builds 30-minute windows', async () => {
    const key = testSigningKey();
    const zips = createKeyFiles(
      [
        ...otherKeys,
        {
          keyData: hexToBytes(p.tek),
          rollingStartIntervalNumber: p.start_interval_number,
          rollingPeriod: 144,
          reportType: 1,
          daysSinceOnsetOfSymptoms: 2,
        },
      ],
      {
        signingKeys: [key.signing],
        region: 'VN',
        startTimestamp: p.start_interval_number * 600,
        endTimestamp: p.start_interval_number * 600 + 86_400,
      },
    );
    const result = await matchGaen(sightings, zips, { publicKeys: key.verification });
    expect(result.keysScanned).toBe(51);
    expect(result.matchedKeys).toBe(1);
    expect(result.matchedSightings).toBe(6);
    expect(result.droppedTxPower).toBe(0);
    // 6 scans 10 min apart = 60 min → two windows of 3 scans (each window spans 20 min ≤ 30 min).
    expect(result.exposureWindows).toHaveLength(2);
    const [first] = result.exposureWindows;
    expect(first!.dateMs).toBe(Date.UTC(2020, 3, 2));
    expect(first!.reportType).toBe(1);
    expect(first!.infectiousness).toBe(1);
    // metadata 40080000: TX +8 dBm, RSSI −60, fleet-average correction of the sample table (6 dB) → 62 dB.
    expect(first!.scanInstances).toEqual([
      { typicalAttenuation: 62, minAttenuation: 62, secondsSinceLastScan: 120 },
      { typicalAttenuation: 62, minAttenuation: 62, secondsSinceLastScan: 300 },
      { typicalAttenuation: 62, minAttenuation: 62, secondsSinceLastScan: 300 },
    ]);
    const [day] = dailySummaries(result.exposureWindows, DEFAULT_DAILY_SUMMARIES_CONFIG, { nowMs: Date.UTC(2020, 3, 5) });
    expect(day).toMatchObject({ dateMs: Date.UTC(2020, 3, 2), scoreSum: 1620, maximumScore: 900, weightedDurationSum: 1620 });
  });

  it('rejects a file whose signature fails', async () => {
    const key = testSigningKey();
    const other = testSigningKey();
    const zips = createKeyFiles(otherKeys, { signingKeys: [key.signing], region: 'VN', startTimestamp: 0, endTimestamp: 1 });
    await expect(matchGaen(sightings, zips, { publicKeys: other.verification })).rejects.toThrow(
      expect.objectContaining({ code: 'match/bad-signature' }),
    );
    await expect(matchGaen(sightings, [new Uint8Array([1, 2, 3])])).rejects.toBeInstanceOf(EncountersError);
  });
});

describe('diagnosis key 2b714d3e… (gaen-crypto.json secondary[1], from ENI export.bin, rolling_period 89)', () => {
  const s = crypto.secondary[1]!;

  it('matches all three selected RPIs from a signed file, including interval RSIN+143 beyond rolling_period', async () => {
    const aemk = deriveAemk(hexToBytes(s.tek));
    expect(bytesToHex(aemk)).toBe(s.aemk);
    const sightings: Sighting[] = s.selected.map((r) => ({
      time: r.interval * 600_000 + 60_000,
      id: hexToBytes(r.rpi),
      aem: encryptAem(aemk, hexToBytes(r.rpi), encodeMetadata({ txPowerDbm: -20 })),
      rssi: -70,
      source: 'gaen-advert',
    }));
    // A stranger's sighting never matches.
    sightings.push({
      time: s.selected[0]!.interval * 600_000,
      id: new Uint8Array(16).fill(7),
      aem: new Uint8Array(4),
      rssi: -50,
      source: 'gaen-advert',
    });
    const key = testSigningKey();
    const zips = createKeyFiles(
      [
        {
          keyData: hexToBytes(s.tek),
          rollingStartIntervalNumber: s.rolling_start_interval_number,
          rollingPeriod: 89,
          transmissionRiskLevel: 2,
        },
      ],
      {
        signingKeys: [key.signing],
        region: 'US',
        startTimestamp: 0,
        endTimestamp: 1,
      },
    );
    const result = await matchGaen(sightings, zips, { publicKeys: key.verification });
    expect(result.matchedKeys).toBe(1);
    expect(result.matchedSightings).toBe(3);
    expect(result.exposureWindows).toHaveLength(3);
    for (const w of result.exposureWindows) expect(w.scanInstances[0]!.minAttenuation).toBe(-20 - (-70 + 6));
  });
});

describe("Google's signed sample_diagnosis_key_file.zip (140 real keys, verified with 310-v1)", () => {
  const zip = new Uint8Array(readFileSync(new URL('gaen-export/sample_diagnosis_key_file.zip', vectorsDir)));
  const pem = readFileSync(new URL('gaen-export/sample_diagnosis_key_file.public.pem', vectorsDir), 'utf8');
  const expected = JSON.parse(readFileSync(new URL('gaen-export/sample_diagnosis_key_file.expected.json', vectorsDir), 'utf8')) as {
    export: { keys: { key_data: string; rolling_start_interval_number: number; transmission_risk_level: number }[] };
  };

  it('matches sightings of one of its keys and nothing else', async () => {
    const k = expected.export.keys[17]!;
    const tek = hexToBytes(k.key_data);
    const rpik = deriveRpik(tek);
    const aemk = deriveAemk(tek);
    const sightings: Sighting[] = [30, 31, 32].map((i) => {
      const rpi = rpiForInterval(rpik, k.rolling_start_interval_number + i);
      return {
        time: (k.rolling_start_interval_number + i) * 600_000 + 5_000,
        id: rpi,
        aem: encryptAem(aemk, rpi, encodeMetadata({ txPowerDbm: 0 })),
        rssi: -55,
        source: 'gaen-advert',
      };
    });
    const result = await matchGaen(sightings, [zip], { publicKeys: importVerificationKeyPem(pem, { keyId: '310', keyVersion: 'v1' }) });
    expect(result.keysScanned).toBe(140);
    expect(result.matchedKeys).toBe(1);
    expect(result.exposureWindows).toHaveLength(1);
    expect(result.exposureWindows[0]!.scanInstances.map((x) => x.typicalAttenuation)).toEqual([49, 49, 49]);
  });
});
