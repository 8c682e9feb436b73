import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToHex } from '@healthtrace/core';
import { parseKeyFileZip } from '@healthtrace/rolling-id';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

const vectors = fileURLToPath(new URL('../../../../shared/vectors/gaen-export/', import.meta.url));
const sampleZip = `${vectors}sample_diagnosis_key_file.zip`;
const samplePem = `${vectors}sample_diagnosis_key_file.public.pem`;
const googleZip = `${vectors}testExport-2-records-1-of-1.zip`;
const googlePem = `${vectors}public.pem`;

const run = runCli;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'healthtrace-keyfile-'));
}

function keyPair(dir: string): { priv: string; pub: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const priv = join(dir, 'private.pem');
  const pub = join(dir, 'public.pem');
  writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }) as string);
  return { priv, pub };
}

describe('healthtrace keyfile verify', () => {
  it('says valid for Google’s sample file with its published key (exit 0)', async () => {
    const { code, stdout } = await run('keyfile', 'verify', sampleZip, '--public-key', samplePem, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ valid: true, keyCount: 140 });
    const human = await run('keyfile', 'verify', '--public-key', googlePem, '--key-id', 'some_id', '--key-version', '1', googleZip);
    expect(human).toMatchObject({ code: 0, stdout: 'valid: 2 keys\n' });
    // Several trusted keys: valid when the file's signer is among them.
    const both = await run('keyfile', 'verify', sampleZip, '--public-key', googlePem, '--public-key', samplePem, '--json');
    expect(both.code).toBe(0);
  });

  it('exits 1 with a reason for a signature by another key or an unknown key id', async () => {
    const wrong = await run('keyfile', 'verify', sampleZip, '--public-key', googlePem, '--json');
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ valid: false, keyCount: 140, reason: expect.stringMatching(/does not verify/) });
    const unknown = await run('keyfile', 'verify', sampleZip, '--public-key', samplePem, '--key-id', '262', '--json');
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ valid: false, code: 'keyfile/unknown-key-id' });
  });

  it('exits 1 for a flipped bit in export.bin, 2 for an unparseable file', async () => {
    const dir = tempDir();
    const bytes = new Uint8Array(readFileSync(googleZip));
    // Flip one bit inside the last key of export.bin and re-zip it with the original signature.
    const parsed = parseKeyFileZip(bytes);
    const { writeKeyFileZip, encodeSignatureList } = await import('@healthtrace/rolling-id');
    const bin = parsed.exportBin.slice();
    bin[bin.length - 3] = (bin[bin.length - 3] as number) ^ 1;
    writeFileSync(join(dir, 'flipped.zip'), writeKeyFileZip(bin, encodeSignatureList(parsed.signatures)));
    const flipped = await run('keyfile', 'verify', join(dir, 'flipped.zip'), '--public-key', googlePem, '--json');
    expect(flipped.code).toBe(1);
    expect(JSON.parse(flipped.stdout)).toMatchObject({ valid: false, code: 'keyfile/bad-signature' });

    writeFileSync(join(dir, 'junk.zip'), 'not a zip at all');
    const junk = await run('keyfile', 'verify', join(dir, 'junk.zip'), '--public-key', googlePem, '--json');
    expect(junk.code).toBe(2);
    expect(JSON.parse(junk.stdout)).toMatchObject({ valid: false, code: 'keyfile/bad-zip' });
    expect(junk.stderr).toMatch(/^healthtrace: keyfile\/bad-zip: /);
    const human = await run('keyfile', 'verify', join(dir, 'junk.zip'), '--public-key', googlePem);
    expect(human).toMatchObject({ code: 2, stdout: '' });
  });

  it('exits 2 for a bad public key or a missing file', async () => {
    expect((await run('keyfile', 'verify', sampleZip, '--public-key', sampleZip)).code).toBe(2);
    expect((await run('keyfile', 'verify', '/no/such.zip', '--public-key', samplePem)).code).toBe(2);
  });
});

describe('healthtrace keyfile inspect', () => {
  it('prints header fields, signature infos, signatures and keys as hex', async () => {
    const { code, stdout } = await run('keyfile', 'inspect', googleZip, '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    const expected = JSON.parse(readFileSync(`${vectors}testExport-2-records-1-of-1.expected.json`, 'utf8'));
    expect(doc).toMatchObject({
      header: 'EK Export v1    ',
      startTimestamp: expected.export.start_timestamp,
      endTimestamp: expected.export.end_timestamp,
      region: 'US',
      batchNum: 1,
      batchSize: 1,
      keyCount: 2,
      signatureInfos: [{ verificationKeyId: 'some_id', verificationKeyVersion: '1', signatureAlgorithm: '1.2.840.10045.4.3.2' }],
    });
    expect(doc.signatures[0].signature).toBe(expected.signatures[0].signature_der_hex);
    expect(doc.keys).toEqual([
      { key: '172fc480e598490c34177604339b1543', rollingStartIntervalNumber: 2649980, rollingPeriod: 1, transmissionRiskLevel: 8 },
      { key: '2b63053ac483238de176169e861f3dcd', rollingStartIntervalNumber: 2649866, rollingPeriod: 114, transmissionRiskLevel: 1 },
    ]);
    const text = await run('keyfile', 'inspect', sampleZip);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/signed by\s+310-v1/);
    expect(text.stdout).toMatch(/keys\s+140/);
  });
});

describe('healthtrace keyfile create', () => {
  it('writes Google’s example keys.json to the fixture’s export.bin, verifiable with the new key', async () => {
    const dir = tempDir();
    const { priv, pub } = keyPair(dir);
    const out = join(dir, 'export.zip');
    const created = await run(
      'keyfile',
      'create',
      '--keys',
      `${vectors}keys.json`,
      '--signing-key',
      priv,
      '--key-id',
      'some_id',
      '--key-version',
      '1',
      '--region',
      'US',
      '--start',
      '1590159600',
      '--end',
      '1590246000',
      '--out',
      out,
      '--json',
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).files).toEqual([{ path: out, batchNum: 1, batchSize: 1, keyCount: 2, bytes: expect.any(Number) }]);
    const expected = JSON.parse(readFileSync(`${vectors}testExport-2-records-1-of-1.expected.json`, 'utf8'));
    expect(bytesToHex(parseKeyFileZip(new Uint8Array(readFileSync(out))).exportBin)).toBe(expected.export_bin_hex);
    expect((await run('keyfile', 'verify', out, '--public-key', pub, '--json')).stdout).toBe('{"valid":true,"keyCount":2}\n');
  });

  it('splits into export-<n>-of-<m>.zip in a directory with --batch-size (issue keys.json format)', async () => {
    const dir = tempDir();
    const { priv, pub } = keyPair(dir);
    const keys = Array.from({ length: 5 }, (_, i) => ({
      key: (i + 1).toString(16).padStart(2, '0').repeat(16),
      rollingStartIntervalNumber: 2_700_000 + i * 144,
      ...(i === 0 ? { rollingPeriod: 100, reportType: 1, daysSinceOnsetOfSymptoms: -3 } : {}),
      transmissionRiskLevel: i,
    }));
    writeFileSync(join(dir, 'keys.json'), JSON.stringify(keys));
    const createBatches = (out: string) =>
      run(
        'keyfile',
        'create',
        '--keys',
        join(dir, 'keys.json'),
        '--signing-key',
        priv,
        '--key-id',
        '452',
        '--key-version',
        'v1',
        '--region',
        'VN',
        '--batch-size',
        '2',
        '--out',
        out,
      );
    const outDir = join(dir, 'files');
    const res = await createBatches(outDir);
    expect(res.code).toBe(0);
    expect(readdirSync(outDir).sort()).toEqual(['export-1-of-3.zip', 'export-2-of-3.zip', 'export-3-of-3.zip']);
    const first = JSON.parse((await run('keyfile', 'inspect', join(outDir, 'export-1-of-3.zip'), '--json')).stdout);
    expect(first.keys[0]).toEqual({ ...keys[0], key: keys[0]?.key });
    expect(first.startTimestamp).toBe(2_700_000 * 600);
    for (const f of readdirSync(outDir)) {
      const v = await run('keyfile', 'verify', join(outDir, f), '--public-key', pub, '--key-id', '452', '--json');
      expect(v.code).toBe(0);
    }
    // Several batches cannot go to one .zip file.
    const clash = await createBatches(join(dir, 'one.zip'));
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/^healthtrace: usage: /);
  });

  it('rejects bad keys.json with exit 2 and documents --out in --help', async () => {
    const dir = tempDir();
    const { priv } = keyPair(dir);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ key: 'abcd', rollingStartIntervalNumber: 1 }]));
    const bad = await run(
      'keyfile',
      'create',
      '--keys',
      join(dir, 'bad.json'),
      '--signing-key',
      priv,
      '--key-id',
      '1',
      '--key-version',
      'v1',
      '--region',
      'VN',
      '--out',
      join(dir, 'x.zip'),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/keyfile\/bad-keys-json/);
    const help = await run('keyfile', 'create', '--help');
    expect(help.stdout).toMatch(/export-<n>-of-<m>\.zip/);
  });
});
