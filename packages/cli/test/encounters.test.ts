import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKeyFiles, importSigningKeyPem } from '@healthtrace/rolling-id';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

const run = runCli;

const vectors = (name: string): string => fileURLToPath(new URL(`../../../../shared/vectors/${name}`, import.meta.url));
const gaen = JSON.parse(readFileSync(vectors('gaen-crypto.json'), 'utf8')) as {
  primary: { tek: string; start_interval_number: number; rows: { index: number; interval: number; rpi: string; aem: string }[] };
};
const dir = mkdtempSync(join(tmpdir(), 'healthtrace-encounters-'));

function signer() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    pkcs8: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    spki: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const p = gaen.primary;
const sightingsFile = join(dir, 'sightings.jsonl');
writeFileSync(
  sightingsFile,
  p.rows
    .filter((r) => r.index >= 60 && r.index < 63)
    .map((r) => JSON.stringify({ t: r.interval * 600_000 + 60_000, rpi: r.rpi, aem: r.aem, rssi: -60, model: 'Pixel 4' }))
    .join('\n'),
);
const good = signer();
const bad = signer();
writeFileSync(join(dir, 'public.pem'), good.spki);
writeFileSync(join(dir, 'other.pem'), bad.spki);
const keys = [
  { keyData: Buffer.from(p.tek, 'hex'), rollingStartIntervalNumber: p.start_interval_number, rollingPeriod: 144, reportType: 1 },
  { keyData: new Uint8Array(16).fill(9), rollingStartIntervalNumber: p.start_interval_number, rollingPeriod: 144 },
];
const [zip] = createKeyFiles(
  keys.map((k) => ({ ...k, keyData: new Uint8Array(k.keyData) })),
  { signingKeys: [importSigningKeyPem(good.pkcs8, { keyId: '452', keyVersion: 'v1' })], region: 'VN', startTimestamp: 0, endTimestamp: 1 },
);
writeFileSync(join(dir, 'export.zip'), zip!);

describe('healthtrace match (GAEN)', () => {
  it('prints the documented JSON for a signed key file', async () => {
    const { code, stdout, stderr } = await run(
      'match',
      '--keyfile',
      join(dir, 'export.zip'),
      '--public-key',
      join(dir, 'public.pem'),
      '--sightings',
      sightingsFile,
      '--now',
      String(Date.UTC(2020, 3, 3)),
      '--json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.keysScanned).toBe(2);
    expect(out.matchedKeys).toBe(1);
    // Pixel 4 correction 8: attenuation = 8 − (−60 + 8) = 60.
    expect(out.exposureWindows).toEqual([
      {
        dateMs: Date.UTC(2020, 3, 2),
        reportType: 1,
        infectiousness: 1,
        calibrationConfidence: 0,
        scanInstances: [
          { typicalAttenuation: 60, minAttenuation: 60, secondsSinceLastScan: 120 },
          { typicalAttenuation: 60, minAttenuation: 60, secondsSinceLastScan: 300 },
          { typicalAttenuation: 60, minAttenuation: 60, secondsSinceLastScan: 300 },
        ],
      },
    ]);
    expect(out.dailySummaries).toEqual([
      {
        dateMs: Date.UTC(2020, 3, 2),
        scoreSum: 720,
        maximumScore: 720,
        weightedDurationSum: 720,
        reportTypeSummaries: { '1': { scoreSum: 720, maximumScore: 720, weightedDurationSum: 720 } },
      },
    ]);
    writeFileSync(join(dir, 'match.json'), stdout);
  });

  it('reads a folder of zips and applies diagnosisKeysDataMapping from --config', async () => {
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ diagnosisKeysDataMapping: { infectiousnessWhenDaysSinceOnsetMissing: 2, reportTypeWhenMissing: 3 } }),
    );
    const { code, stdout } = await run(
      'match',
      '--keyfile',
      dir,
      '--sightings',
      sightingsFile,
      '--config',
      join(dir, 'config.json'),
      '--json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).exposureWindows[0]).toMatchObject({ reportType: 1, infectiousness: 2 });
  });

  it('rejects a file whose signature fails with a clear error (exit 2)', async () => {
    const { code, stdout, stderr } = await run(
      'match',
      '--keyfile',
      join(dir, 'export.zip'),
      '--public-key',
      join(dir, 'other.pem'),
      '--sightings',
      sightingsFile,
      '--json',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^healthtrace: match\/bad-signature: .*export\.zip: signature check failed/);
  });

  it('reports bad sightings lines and missing options', async () => {
    writeFileSync(join(dir, 'bad.jsonl'), '{"t":1,"rpi":"zz"}\n');
    expect((await run('match', '--keyfile', join(dir, 'export.zip'), '--sightings', join(dir, 'bad.jsonl'))).stderr).toMatch(
      /sightings\/bad-line: line 1/,
    );
    expect((await run('match', '--sightings', sightingsFile)).code).toBe(2);
  });
});

describe('healthtrace match --scheme bluezone', () => {
  it('matches F0 daily keys against Bluezone sightings', async () => {
    const bz = JSON.parse(readFileSync(vectors('bluezone.json'), 'utf8')) as {
      f0_payload: { fcm_data: unknown; expected_matching: { first_blids: Record<string, string> } };
    };
    writeFileSync(join(dir, 'f0.json'), JSON.stringify(bz.f0_payload.fcm_data));
    const blid = bz.f0_payload.expected_matching.first_blids['23']!;
    writeFileSync(join(dir, 'bz.jsonl'), `${JSON.stringify({ t: 1596866191387, blid, rssi: -60 })}\n`);
    const { code, stdout } = await run(
      'match',
      '--f0',
      join(dir, 'f0.json'),
      '--sightings',
      join(dir, 'bz.jsonl'),
      '--scheme',
      'bluezone',
      '--json',
    );
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.contacts).toHaveLength(1);
    expect(out.contacts[0]).toMatchObject({ blid, sightings: 1, slotStartMs: 1596844800000 + 23 * 900_000 });
    expect((await run('match', '--sightings', join(dir, 'bz.jsonl'), '--scheme', 'bluezone')).stderr).toMatch(/--f0/);
  });
});

describe('healthtrace risk', () => {
  it('gaen-v2: daily summaries from the match output', async () => {
    writeFileSync(
      join(dir, 'v2.json'),
      JSON.stringify({
        attenuationBucketThresholdDb: [50, 60, 70],
        attenuationBucketWeights: [2, 1, 0.5, 0],
        reportTypeWeights: { '1': 1 },
        infectiousnessWeights: { '1': 1 },
      }),
    );
    const { code, stdout } = await run(
      'risk',
      '--windows',
      join(dir, 'match.json'),
      '--config',
      join(dir, 'v2.json'),
      '--model',
      'gaen-v2',
      '--json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      dailySummaries: [
        {
          dateMs: Date.UTC(2020, 3, 2),
          scoreSum: 720,
          maximumScore: 720,
          weightedDurationSum: 720,
          reportTypeSummaries: { '1': { scoreSum: 720, maximumScore: 720, weightedDurationSum: 720 } },
        },
      ],
    });
  });

  it('cwa: scores a case of the CWA suite; gaen-v1 scores windows', async () => {
    const suite = JSON.parse(readFileSync(vectors('cwa-risk-calculation.json'), 'utf8')) as {
      testCases: { exposureWindows: unknown[]; expTotalRiskLevel: number }[];
    };
    const testCase = suite.testCases.find((c) => c.expTotalRiskLevel === 2)!;
    writeFileSync(join(dir, 'cwa-windows.json'), JSON.stringify(testCase.exposureWindows));
    const cwa = await run(
      'risk',
      '--windows',
      join(dir, 'cwa-windows.json'),
      '--config',
      vectors('cwa-risk-calculation.json'),
      '--model',
      'cwa',
      '--json',
    );
    expect(cwa.code).toBe(0);
    expect(JSON.parse(cwa.stdout).totalRiskLevel).toBe(2);
    const v1 = await run(
      'risk',
      '--windows',
      join(dir, 'match.json'),
      '--model',
      'gaen-v1',
      '--now',
      String(Date.UTC(2020, 3, 3)),
      '--json',
    );
    expect(v1.code).toBe(0);
    expect(JSON.parse(v1.stdout).exposures[0]).toMatchObject({ durationMinutes: 15, attenuationValue: 60, riskScore: 64 });
  });

  it('rejects an invalid config and an unknown model', async () => {
    writeFileSync(
      join(dir, 'broken.json'),
      JSON.stringify({ attenuationBucketThresholdDb: [70, 60, 50], attenuationBucketWeights: [1, 1, 1, 1] }),
    );
    const broken = await run('risk', '--windows', join(dir, 'match.json'), '--config', join(dir, 'broken.json'), '--json');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^healthtrace: config\/invalid: /);
    expect((await run('risk', '--windows', join(dir, 'match.json'), '--model', 'x')).code).toBe(2);
  });
});
