/**
 * Conformance: the GAEN key-export fixtures in ../shared/vectors/gaen-export/ (Google's reference
 * server example and the exposure-notifications-internals sample file).
 */
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { base64ToBytes, bytesToHex, hexToBytes } from '@healthtrace/core';
import {
  createKeyFiles,
  decodeSignatureList,
  encodeExportBin,
  encodeSignatureList,
  importSigningKeyPem,
  importVerificationKeyPem,
  type KeyExport,
  KeyFileError,
  parseKeyFileZip,
  readKeyFileEntries,
  setCryptoBackend,
  type TemporaryExposureKey,
  verifyKeyFile,
  writeKeyFileZip,
} from '@healthtrace/rolling-id';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../../shared/vectors/gaen-export/', import.meta.url));
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(dir + name));
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

interface ExpectedKey {
  key_data: string;
  transmission_risk_level?: number;
  rolling_start_interval_number?: number;
  rolling_period?: number;
  report_type?: number;
  days_since_onset_of_symptoms?: number;
}
interface ExpectedInfo {
  verification_key_version?: string;
  verification_key_id?: string;
  signature_algorithm?: string;
}
interface Expected {
  zip_entries: string[];
  zip_sha256: string;
  export_bin_size: number;
  export_bin_sha256: string;
  export_sig_size: number;
  export_sig_sha256: string;
  export_bin_hex?: string;
  export_sig_hex: string;
  public_key_spki_base64: string;
  export: {
    header: string;
    signature_infos: ExpectedInfo[];
    keys: ExpectedKey[];
    revised_keys: ExpectedKey[];
    start_timestamp: number;
    end_timestamp: number;
    region: string;
    batch_num: number;
    batch_size: number;
  };
  signatures: { signature_info: ExpectedInfo; batch_num: number; batch_size: number; signature_der_hex: string }[];
  key_count: number;
}

const fixtures = [
  { name: 'testExport-2-records-1-of-1', pem: 'public.pem' },
  { name: 'sample_diagnosis_key_file', pem: 'sample_diagnosis_key_file.public.pem' },
].map((f) => ({
  ...f,
  zip: read(`${f.name}.zip`),
  expected: JSON.parse(readFileSync(`${dir}${f.name}.expected.json`, 'utf8')) as Expected,
  publicKeyPem: readFileSync(dir + f.pem, 'utf8'),
}));

function expectedInfo(i: ExpectedInfo) {
  return {
    ...(i.verification_key_version === undefined ? {} : { verificationKeyVersion: i.verification_key_version }),
    ...(i.verification_key_id === undefined ? {} : { verificationKeyId: i.verification_key_id }),
    ...(i.signature_algorithm === undefined ? {} : { signatureAlgorithm: i.signature_algorithm }),
  };
}

/** The expected.json key, in this package's form (absent rolling period = 144, absent RSIN = 0). */
function expectedKey(k: ExpectedKey): TemporaryExposureKey {
  return {
    keyData: hexToBytes(k.key_data),
    rollingStartIntervalNumber: k.rolling_start_interval_number ?? 0,
    rollingPeriod: k.rolling_period ?? 144,
    ...(k.transmission_risk_level === undefined ? {} : { transmissionRiskLevel: k.transmission_risk_level }),
    ...(k.report_type === undefined ? {} : { reportType: k.report_type }),
    ...(k.days_since_onset_of_symptoms === undefined ? {} : { daysSinceOnsetOfSymptoms: k.days_since_onset_of_symptoms }),
  };
}

function expectedExport(e: Expected['export']): KeyExport {
  return {
    startTimestamp: e.start_timestamp,
    endTimestamp: e.end_timestamp,
    region: e.region,
    batchNum: e.batch_num,
    batchSize: e.batch_size,
    signatureInfos: e.signature_infos.map(expectedInfo),
    keys: e.keys.map(expectedKey),
    revisedKeys: e.revised_keys.map(expectedKey),
  };
}

/** Key bytes as hex so that views and copies compare equal. */
function comparable(e: KeyExport) {
  const keys = (list: TemporaryExposureKey[]) => list.map((k) => ({ ...k, keyData: bytesToHex(k.keyData) }));
  return { ...e, keys: keys(e.keys), revisedKeys: keys(e.revisedKeys) };
}

describe.each(fixtures)('GAEN export fixture $name', ({ zip, expected, publicKeyPem }) => {
  it('is the published file', () => {
    expect(sha256(zip)).toBe(expected.zip_sha256);
  });

  it('unzips to export.bin and export.sig with the published sizes and hashes', () => {
    const { exportBin, exportSig } = readKeyFileEntries(zip);
    expect(exportBin.length).toBe(expected.export_bin_size);
    expect(sha256(exportBin)).toBe(expected.export_bin_sha256);
    expect(exportSig?.length).toBe(expected.export_sig_size);
    expect(sha256(exportSig as Uint8Array)).toBe(expected.export_sig_sha256);
    expect(bytesToHex(exportSig as Uint8Array)).toBe(expected.export_sig_hex);
    if (expected.export_bin_hex !== undefined) expect(bytesToHex(exportBin)).toBe(expected.export_bin_hex);
    expect(new TextDecoder().decode(exportBin.subarray(0, 16))).toBe(expected.export.header);
  });

  it('decodes to the expected export and signatures', () => {
    const parsed = parseKeyFileZip(zip);
    expect(comparable(parsed.export)).toEqual(comparable(expectedExport(expected.export)));
    expect(parsed.export.keys.length + parsed.export.revisedKeys.length).toBe(expected.key_count);
    expect(parsed.signatures.map((s) => ({ ...s, signature: bytesToHex(s.signature) }))).toEqual(
      expected.signatures.map((s) => ({
        signatureInfo: expectedInfo(s.signature_info),
        batchNum: s.batch_num,
        batchSize: s.batch_size,
        signature: s.signature_der_hex,
      })),
    );
  });

  it('re-encodes to identical export.bin and export.sig bytes', () => {
    const parsed = parseKeyFileZip(zip);
    expect(bytesToHex(encodeExportBin(parsed.export))).toBe(bytesToHex(parsed.exportBin));
    const { exportSig } = readKeyFileEntries(zip);
    expect(bytesToHex(encodeSignatureList(parsed.signatures))).toBe(bytesToHex(exportSig as Uint8Array));
    // From the expected.json content with keys in reverse order: sorting restores Google's bytes.
    const fromJson = expectedExport(expected.export);
    fromJson.keys.reverse();
    expect(sha256(encodeExportBin(fromJson, { sortKeys: true }))).toBe(expected.export_bin_sha256);
  });

  it('verifies with the published public key (PEM and bare SPKI), bound to its key id and version', () => {
    const info = expected.export.signature_infos[0] as ExpectedInfo;
    const ids = { keyId: info.verification_key_id as string, keyVersion: info.verification_key_version as string };
    expect(verifyKeyFile(zip, importVerificationKeyPem(publicKeyPem))).toEqual({ valid: true, keyCount: expected.key_count });
    expect(verifyKeyFile(zip, importVerificationKeyPem(expected.public_key_spki_base64, ids)).valid).toBe(true);
  });

  it('signature covers the whole export.bin, header included (checked with node:crypto)', () => {
    const { exportBin } = readKeyFileEntries(zip);
    const der = hexToBytes(expected.signatures[0]?.signature_der_hex as string);
    const key = createPublicKey(publicKeyPem);
    expect(verify('sha256', exportBin, key, der)).toBe(true);
    expect(verify('sha256', exportBin.subarray(16), key, der)).toBe(false);
  });

  it('fails with "unknown key id" for another key, and with a bad signature for a wrong key bound to its id', () => {
    const other = fixtures.find((f) => f.expected !== expected) as (typeof fixtures)[number];
    const otherKey = importVerificationKeyPem(other.publicKeyPem);
    const info = expected.export.signature_infos[0] as ExpectedInfo;
    const wrongId = verifyKeyFile(zip, { ...otherKey, keyId: 'nope' });
    expect(wrongId).toMatchObject({ valid: false, code: 'keyfile/unknown-key-id' });
    expect(wrongId.reason).toContain(info.verification_key_id);
    const wrongKey = verifyKeyFile(zip, otherKey);
    expect(wrongKey).toMatchObject({ valid: false, code: 'keyfile/bad-signature' });
    expect(wrongKey.reason).toMatch(/does not verify/);
  });
});

describe('keys.json (Google example input) through the writer', () => {
  const small = fixtures[0] as (typeof fixtures)[number];
  const keysJson = JSON.parse(readFileSync(`${dir}keys.json`, 'utf8')) as {
    temporaryExposureKeys: { key: string; rollingStartNumber: number; rollingPeriod: number; transmissionRisk: number }[];
  };
  const keys: TemporaryExposureKey[] = keysJson.temporaryExposureKeys.map((k) => ({
    keyData: base64ToBytes(k.key),
    rollingStartIntervalNumber: k.rollingStartNumber,
    rollingPeriod: k.rollingPeriod,
    transmissionRiskLevel: k.transmissionRisk,
  }));
  const e = small.expected.export;
  const info = e.signature_infos[0] as ExpectedInfo;

  it('createKeyFiles with a fresh signing key writes the fixture export.bin byte for byte', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const signingKey = importSigningKeyPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, {
      keyId: info.verification_key_id as string,
      keyVersion: info.verification_key_version as string,
    });
    const zips = createKeyFiles(keys, {
      signingKeys: [signingKey],
      region: e.region,
      startTimestamp: e.start_timestamp,
      endTimestamp: e.end_timestamp,
    });
    expect(zips).toHaveLength(1);
    const zip = zips[0] as Uint8Array;
    const parsed = parseKeyFileZip(zip);
    expect(bytesToHex(parsed.exportBin)).toBe(small.expected.export_bin_hex);
    const spki = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(verifyKeyFile(zip, importVerificationKeyPem(spki))).toEqual({ valid: true, keyCount: 2 });
    // The signature file has the same shape as Google's (one TEKSignature, batch 1/1).
    const sig = decodeSignatureList(readKeyFileEntries(zip).exportSig as Uint8Array);
    expect(sig.map((s) => [s.signatureInfo, s.batchNum, s.batchSize])).toEqual([[expectedInfo(info), 1, 1]]);
  });
});

describe('bit flips', () => {
  it.each(fixtures)('every flipped bit of export.bin or export.sig of $name fails with a reason', ({ name, zip, publicKeyPem }) => {
    const key = importVerificationKeyPem(publicKeyPem);
    const { exportBin, exportSig } = readKeyFileEntries(zip);
    const sig = exportSig as Uint8Array;
    // The small file: every bit of export.bin and every 3rd of export.sig; the 3.8 kB one: every 61st bit
    // (every bit of both files is flipped in packages/rolling-id/test/key-files.slow.test.ts).
    const binStep = name.startsWith('sample') ? 61 : 1;
    const sigStep = name.startsWith('sample') ? 61 : 3;
    let checked = 0;
    for (const [part, bytes] of [
      ['bin', exportBin],
      ['sig', sig],
    ] as const) {
      for (let bit = 0; bit < bytes.length * 8; bit += part === 'bin' ? binStep : sigStep) {
        const flipped = bytes.slice();
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
        const file = part === 'bin' ? writeKeyFileZip(flipped, sig) : writeKeyFileZip(exportBin, flipped);
        let outcome: string;
        try {
          const r = verifyKeyFile(file, key);
          outcome = r.valid ? 'VALID' : `${r.code}: ${r.reason}`;
        } catch (error) {
          expect(error).toBeInstanceOf(KeyFileError);
          outcome = `${(error as KeyFileError).code}: ${(error as KeyFileError).reason}`;
        }
        expect(outcome, `${part} bit ${bit}`).not.toBe('VALID');
        expect(outcome).toMatch(/^keyfile\/[a-z-]+: .+/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000 / binStep);
  });
});

// On Node, signature checks and zip reading use node:crypto / node:zlib; `setCryptoBackend('portable')` switches them
// to @noble/curves and fflate. Both paths must agree on every fixture and every corruption.
describe.each(['auto', 'portable'] as const)('key files on the %s path', (backend) => {
  afterAll(() => setCryptoBackend('auto'));
  it.each(fixtures)('$name: verifies with its key, not with the other fixture key bound to its id', ({ zip, publicKeyPem, expected }) => {
    setCryptoBackend(backend);
    expect(verifyKeyFile(zip, importVerificationKeyPem(publicKeyPem))).toEqual({ valid: true, keyCount: expected.key_count });
    const other = fixtures.find((f) => f.publicKeyPem !== publicKeyPem) as (typeof fixtures)[number];
    expect(verifyKeyFile(zip, importVerificationKeyPem(other.publicKeyPem))).toMatchObject({ valid: false, code: 'keyfile/bad-signature' });
    expect(sha256(parseKeyFileZip(zip).exportBin)).toBe(expected.export_bin_sha256);
  });

  it.each(fixtures)(
    '$name: flipped bits in export.bin or export.sig fail (every 7th; every 97th of the 3.8 kB file)',
    ({ name, zip, publicKeyPem }) => {
      const step = name.startsWith('sample') ? 97 : 7;
      setCryptoBackend(backend);
      const key = importVerificationKeyPem(publicKeyPem);
      const { exportBin, exportSig } = readKeyFileEntries(zip);
      for (const [part, bytes] of [
        ['bin', exportBin],
        ['sig', exportSig as Uint8Array],
      ] as const) {
        for (let bit = 0; bit < bytes.length * 8; bit += step) {
          const flipped = bytes.slice();
          flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
          const file = part === 'bin' ? writeKeyFileZip(flipped, exportSig as Uint8Array) : writeKeyFileZip(exportBin, flipped);
          let valid = false;
          try {
            valid = verifyKeyFile(file, key).valid;
          } catch (error) {
            expect(error).toBeInstanceOf(KeyFileError);
          }
          expect(valid, `${part} bit ${bit}`).toBe(false);
        }
      }
    },
  );

  it.each(fixtures)('$name: a corrupted deflate stream or CRC in the zip is a keyfile/bad-zip', ({ zip }) => {
    setCryptoBackend(backend);
    const { exportBin, exportSig } = readKeyFileEntries(zip);
    const rezipped = writeKeyFileZip(exportBin, exportSig as Uint8Array);
    const dv = new DataView(rezipped.buffer, rezipped.byteOffset);
    const crcBroken = rezipped.slice();
    new DataView(crcBroken.buffer).setUint32(14, dv.getUint32(14, true) ^ 1, true); // local header CRC
    const cd = dv.getUint32(rezipped.length - 22 + 16, true);
    new DataView(crcBroken.buffer).setUint32(cd + 16, dv.getUint32(cd + 16, true) ^ 1, true); // central directory CRC
    expect(() => readKeyFileEntries(crcBroken)).toThrow(expect.objectContaining({ code: 'keyfile/bad-zip' }));
    const start = 30 + dv.getUint16(26, true) + dv.getUint16(28, true);
    const garbled = rezipped.slice();
    for (let i = start; i < start + 8; i++) garbled[i] = 0xff;
    expect(() => readKeyFileEntries(garbled)).toThrow(expect.objectContaining({ code: 'keyfile/bad-zip' }));
  });
});
