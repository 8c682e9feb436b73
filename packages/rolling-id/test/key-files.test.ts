import { type createPrivateKey, createPublicKey, generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bytesToHex, hexToBytes } from '@healthtrace/core';
import {
  createKeyFiles,
  decodeExportBin,
  decodeSignatureList,
  EXPORT_BIN_HEADER,
  encodeExportBin,
  encodeSignatureList,
  exportVerificationKeyPem,
  importSigningKeyPem,
  importVerificationKeyPem,
  iterateExportKeys,
  type KeyExport,
  KeyFileError,
  parseKeyFileZip,
  readKeyFileEntries,
  type SigningKey,
  signExportBin,
  type TemporaryExposureKey,
  verifyKeyFile,
  writeKeyFileZip,
} from '@healthtrace/rolling-id';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../../../shared/vectors/gaen-export/', import.meta.url));
const googleZip = new Uint8Array(readFileSync(`${dir}testExport-2-records-1-of-1.zip`));
const googlePem = readFileSync(`${dir}public.pem`, 'utf8');

function freshKey(ids = { keyId: '452', keyVersion: 'v1' }): { signing: SigningKey; spkiPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    signing: importSigningKeyPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, ids),
    spkiPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

function key(hexByte: number, extra: Partial<TemporaryExposureKey> = {}): TemporaryExposureKey {
  return {
    keyData: new Uint8Array(16).fill(hexByte),
    rollingStartIntervalNumber: 2_650_000,
    rollingPeriod: 144,
    transmissionRiskLevel: 4,
    ...extra,
  };
}

function exportOf(keys: TemporaryExposureKey[], extra: Partial<KeyExport> = {}): KeyExport {
  return {
    startTimestamp: 1_600_000_000,
    endTimestamp: 1_600_086_400,
    region: 'VN',
    batchNum: 1,
    batchSize: 1,
    signatureInfos: [{ verificationKeyVersion: 'v1', verificationKeyId: '452', signatureAlgorithm: '1.2.840.10045.4.3.2' }],
    keys,
    revisedKeys: [],
    ...extra,
  };
}

/** Runs `fn` and returns the KeyFileError code it throws (fails the test on any other outcome). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof KeyFileError) return error.code;
    throw error;
  }
  throw new Error('expected a KeyFileError');
}

/** A protobuf key message built by hand: field/value pairs as raw bytes. */
function binWith(protoHex: string): Uint8Array {
  return new Uint8Array([...EXPORT_BIN_HEADER, ...hexToBytes(protoHex)]);
}

describe('export.bin serialization (Google reference server rules)', () => {
  it('omits rolling_period 144 and a zero start interval, always writes TRL when given, ZigZags days since onset', () => {
    const bin = encodeExportBin(
      exportOf(
        [
          {
            keyData: new Uint8Array(16),
            rollingStartIntervalNumber: 0,
            rollingPeriod: 144,
            transmissionRiskLevel: 0,
            daysSinceOnsetOfSymptoms: -5,
            reportType: 1,
          },
        ],
        {
          signatureInfos: [],
        },
      ),
    );
    // key message: 0a10 <16 zero bytes> 1000 (TRL 0) 2801 (report type 1) 3009 (sint32 -5 = 9)
    expect(bytesToHex(bin)).toContain(`3a180a10${'00'.repeat(16)}100028013009`);
    const back = decodeExportBin(bin).keys[0] as TemporaryExposureKey;
    expect(back).toMatchObject({ rollingStartIntervalNumber: 0, rollingPeriod: 144, daysSinceOnsetOfSymptoms: -5, reportType: 1 });
  });

  it('keeps the given key order unless sortKeys is set', () => {
    const keys = [key(3), key(1), key(2)];
    const order = (bin: Uint8Array) => decodeExportBin(bin).keys.map((k) => k.keyData[0]);
    expect(order(encodeExportBin(exportOf(keys)))).toEqual([3, 1, 2]);
    expect(order(encodeExportBin(exportOf(keys), { sortKeys: true }))).toEqual([1, 2, 3]);
    expect(keys.map((k) => k.keyData[0])).toEqual([3, 1, 2]);
  });

  it('returns key bytes as views into export.bin (no copies)', () => {
    const bin = encodeExportBin(exportOf([key(7)]));
    const k = decodeExportBin(bin).keys[0] as TemporaryExposureKey;
    expect(k.keyData.buffer).toBe(bin.buffer);
  });

  it('skips unknown and reserved fields (SignatureInfo fields 1 and 2, key field 8)', () => {
    // export: signature_info { 1: "a", 2: "b", 4: "310" }, key { 1: 16 bytes, 8: 1 }, unknown field 15 varint
    const bin = binWith(`320b0a01611201622203333130${''}3a140a10${'11'.repeat(16)}40017801`);
    const e = decodeExportBin(bin);
    expect(e.signatureInfos).toEqual([{ verificationKeyId: '310' }]);
    expect(e.keys).toHaveLength(1);
  });

  it('argument errors name the field', () => {
    expect(() => encodeExportBin(exportOf([key(1, { rollingPeriod: 0 })]))).toThrow(/export.keys\[0\].rollingPeriod/);
    expect(() => encodeExportBin(exportOf([key(1, { keyData: new Uint8Array(15) })]))).toThrow(RangeError);
    expect(() => encodeExportBin(exportOf([key(1, { transmissionRiskLevel: 9 })]))).toThrow(/transmissionRiskLevel/);
    expect(() => encodeExportBin(exportOf([], { region: 5 as unknown as string }))).toThrow(TypeError);
    expect(codeOf(() => encodeExportBin(exportOf([key(1), key(2), key(1)])))).toBe('keyfile/duplicate-key');
  });
});

describe('typed errors for malformed files', () => {
  const k16 = '11'.repeat(16);
  it.each([
    ['bad header', new TextEncoder().encode('EK Export v2    '), 'keyfile/bad-header'],
    ['short header', new Uint8Array(3), 'keyfile/bad-header'],
    ['truncated protobuf', binWith(`3a140a10${k16}`), 'keyfile/bad-protobuf'],
    ['wrong wire type for region', binWith('1805'), 'keyfile/bad-protobuf'],
    ['varint overflowing', binWith('20ffffffffffffffffffff01'), 'keyfile/bad-protobuf'],
    ['key without key_data', binWith('3a021001'), 'keyfile/out-of-range'],
    ['15-byte key', binWith(`3a110a0f${'11'.repeat(15)}`), 'keyfile/out-of-range'],
    ['rolling period 0', binWith(`3a140a10${k16}2000`), 'keyfile/out-of-range'],
    ['rolling period 145', binWith(`3a150a10${k16}209101`), 'keyfile/out-of-range'],
    ['TRL 9', binWith(`3a140a10${k16}1009`), 'keyfile/out-of-range'],
    ['report type 6', binWith(`3a140a10${k16}2806`), 'keyfile/out-of-range'],
    ['negative start interval', binWith(`3a1d0a10${k16}18ffffffffffffffffff01`), 'keyfile/out-of-range'],
    ['batch 2 of 1', binWith('20022801'), 'keyfile/out-of-range'],
    ['timestamp beyond 2^53', binWith('09ffffffffffffffff'), 'keyfile/out-of-range'],
    ['duplicate keys', binWith(`3a120a10${k16}3a120a10${k16}`), 'keyfile/duplicate-key'],
    ['duplicate keys, unsorted', binWith(`3a120a10${k16}3a120a10${'00'.repeat(16)}3a120a10${k16}`), 'keyfile/duplicate-key'],
    ['invalid UTF-8 region', binWith('1a02c328'), 'keyfile/bad-protobuf'],
  ])('%s', (_name, bin, code) => {
    expect(codeOf(() => decodeExportBin(bin))).toBe(code);
    let err: KeyFileError | undefined;
    try {
      decodeExportBin(bin);
    } catch (e) {
      err = e as KeyFileError;
    }
    if (err === undefined) throw new Error('expected an error');
    expect(err.reason.length).toBeGreaterThan(5);
    expect(err.message).toBe(err.reason);
  });

  it('missing export.bin / export.sig', () => {
    const { exportBin, exportSig } = readKeyFileEntries(googleZip);
    expect(codeOf(() => parseKeyFileZip(zipSync({ 'export.sig': exportSig as Uint8Array })))).toBe('keyfile/missing-entry');
    const noSig = zipSync({ 'export.bin': exportBin });
    expect(codeOf(() => parseKeyFileZip(noSig))).toBe('keyfile/missing-entry');
    expect(verifyKeyFile(noSig, importVerificationKeyPem(googlePem))).toMatchObject({
      valid: false,
      code: 'keyfile/missing-signature',
      keyCount: 2,
    });
  });

  it('an empty signature list, and more infos than signatures', () => {
    const { exportBin, exportSig } = readKeyFileEntries(googleZip);
    const pub = importVerificationKeyPem(googlePem);
    expect(verifyKeyFile(writeKeyFileZip(exportBin, new Uint8Array(0)), pub)).toMatchObject({ code: 'keyfile/missing-signature' });
    const sigs = decodeSignatureList(exportSig as Uint8Array);
    const e = decodeExportBin(exportBin);
    const twoInfos = encodeExportBin({ ...e, signatureInfos: [...e.signatureInfos, { verificationKeyId: 'x' }] });
    expect(verifyKeyFile(writeKeyFileZip(twoInfos, encodeSignatureList(sigs)), pub)).toMatchObject({
      code: 'keyfile/missing-signature',
    });
  });

  it('unknown key id and wrong algorithm OID', () => {
    const { signing, spkiPem } = freshKey();
    const keys = [key(1)];
    const [zip] = createKeyFiles(keys, { signingKeys: [signing], region: 'VN', startTimestamp: 1, endTimestamp: 2 });
    expect(verifyKeyFile(zip as Uint8Array, importVerificationKeyPem(spkiPem, { keyId: '452', keyVersion: 'v2' }))).toMatchObject({
      valid: false,
      code: 'keyfile/unknown-key-id',
    });
    expect(verifyKeyFile(zip as Uint8Array, importVerificationKeyPem(spkiPem, { keyId: '452', keyVersion: 'v1' })).valid).toBe(true);
    // Same key, export signed but claiming SHA-512 (1.2.840.10045.4.3.4).
    const info = { verificationKeyVersion: 'v1', verificationKeyId: '452', signatureAlgorithm: '1.2.840.10045.4.3.4' };
    const bin = encodeExportBin(exportOf(keys, { signatureInfos: [info] }));
    const sig = signExportBin(bin, [signing], 1, 1).map((s) => ({ ...s, signatureInfo: info }));
    const result = verifyKeyFile(writeKeyFileZip(bin, encodeSignatureList(sig)), importVerificationKeyPem(spkiPem));
    expect(result).toMatchObject({ valid: false, code: 'keyfile/bad-algorithm' });
    expect(result.reason).toContain('1.2.840.10045.4.3.4');
  });

  it('not a zip, ZIP64, encrypted or too many entries', () => {
    expect(codeOf(() => parseKeyFileZip(new Uint8Array(10)))).toBe('keyfile/bad-zip');
    expect(codeOf(() => parseKeyFileZip(new Uint8Array(100)))).toBe('keyfile/bad-zip');
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 20; i++) many[`f${i}`] = new Uint8Array(1);
    expect(codeOf(() => parseKeyFileZip(zipSync(many)))).toBe('keyfile/bad-zip');
    const enc = googleZip.slice();
    const dv = new DataView(enc.buffer);
    const cd = dv.getUint32(enc.length - 22 + 16, true);
    dv.setUint16(cd + 8, dv.getUint16(cd + 8, true) | 1, true);
    expect(codeOf(() => parseKeyFileZip(enc))).toBe('keyfile/bad-zip');
  });

  it('zip bombs: declared sizes above the cap, and entries that inflate beyond their declared size', () => {
    const zeros = new Uint8Array(80 * 1024 * 1024);
    zeros.set(EXPORT_BIN_HEADER);
    const bomb = zipSync({ 'export.bin': [zeros, { level: 9 }], 'export.sig': new Uint8Array(0) });
    expect(bomb.length).toBeLessThan(200_000);
    expect(codeOf(() => parseKeyFileZip(bomb))).toBe('keyfile/entry-too-large');
    expect(codeOf(() => parseKeyFileZip(googleZip, { maxExportBinBytes: 100 }))).toBe('keyfile/entry-too-large');
    // A 1 MiB entry that claims to be 200 bytes (central directory and local header patched):
    const lying = zipSync({ 'export.bin': [zeros.subarray(0, 1 << 20), { level: 9 }], 'export.sig': new Uint8Array(0) });
    const dv = new DataView(lying.buffer);
    const cd = dv.getUint32(lying.length - 22 + 16, true);
    dv.setUint32(cd + 24, 200, true);
    dv.setUint32(22, 200, true);
    expect(codeOf(() => parseKeyFileZip(lying))).toBe('keyfile/bad-zip');
  });
});

describe('signing keys and PEM import', () => {
  it('imports PKCS#8 and SEC1 private keys; signatures verify with node:crypto', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pkcs8 = importSigningKeyPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    const sec1 = importSigningKeyPem(privateKey.export({ type: 'sec1', format: 'pem' }) as string);
    expect(bytesToHex(sec1.privateKey)).toBe(bytesToHex(pkcs8.privateKey));
    const spki = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(bytesToHex(importVerificationKeyPem(spki).publicKey)).toBe(bytesToHex(pkcs8.publicKey));
    expect(exportVerificationKeyPem(pkcs8.publicKey).replace(/\s/g, '')).toBe(spki.replace(/\s/g, ''));
    const bin = encodeExportBin(exportOf([key(9)]));
    const [sig] = signExportBin(bin, [pkcs8], 1, 1);
    expect(nodeVerify('sha256', bin, createPublicKey(spki), sig?.signature as Uint8Array)).toBe(true);
  });

  it('rejects other curves, RSA keys and garbage', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = (k: ReturnType<typeof createPrivateKey>) => k.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(codeOf(() => importSigningKeyPem(pem(p384.privateKey)))).toBe('keyfile/bad-key');
    expect(codeOf(() => importSigningKeyPem(pem(rsa.privateKey)))).toBe('keyfile/bad-key');
    expect(codeOf(() => importVerificationKeyPem(p384.publicKey.export({ type: 'spki', format: 'pem' }) as string))).toBe(
      'keyfile/bad-key',
    );
    expect(codeOf(() => importVerificationKeyPem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'))).toBe('keyfile/bad-key');
    expect(codeOf(() => importSigningKeyPem(googlePem))).toBe('keyfile/bad-key');
    expect(codeOf(() => importSigningKeyPem('hello'))).toBe('keyfile/bad-key');
    expect(() => importSigningKeyPem(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('createKeyFiles', () => {
  it('splits into batches of at most N keys with batch_num/batch_size, each signed by every key', () => {
    const a = freshKey({ keyId: '452', keyVersion: 'v1' });
    const b = freshKey({ keyId: '452', keyVersion: 'v2' });
    const keys = [5, 3, 9, 1, 7].map((n) => key(n));
    const zips = createKeyFiles(keys, {
      signingKeys: [a.signing, b.signing],
      region: 'VN',
      startTimestamp: 10,
      endTimestamp: 20,
      batchSize: 2,
    });
    expect(zips).toHaveLength(3);
    const seen: number[] = [];
    zips.forEach((zip, i) => {
      const p = parseKeyFileZip(zip);
      expect([p.export.batchNum, p.export.batchSize]).toEqual([i + 1, 3]);
      expect(p.signatures.map((s) => [s.batchNum, s.batchSize, s.signatureInfo.verificationKeyVersion])).toEqual([
        [i + 1, 3, 'v1'],
        [i + 1, 3, 'v2'],
      ]);
      expect(verifyKeyFile(zip, importVerificationKeyPem(a.spkiPem, { keyId: '452', keyVersion: 'v1' })).valid).toBe(true);
      expect(verifyKeyFile(zip, importVerificationKeyPem(b.spkiPem, { keyId: '452', keyVersion: 'v2' })).valid).toBe(true);
      seen.push(...p.export.keys.map((k) => k.keyData[0] as number));
    });
    expect(seen).toEqual([1, 3, 5, 7, 9]);
  });

  it('writes TRL 0 when absent (as Google does) and rejects duplicates', () => {
    const { signing } = freshKey();
    const k = key(1);
    delete k.transmissionRiskLevel;
    const [zip] = createKeyFiles([k], { signingKeys: [signing], region: 'VN', startTimestamp: 1, endTimestamp: 2 });
    expect(parseKeyFileZip(zip as Uint8Array).export.keys[0]?.transmissionRiskLevel).toBe(0);
    expect(
      codeOf(() => createKeyFiles([key(1), key(1)], { signingKeys: [signing], region: 'VN', startTimestamp: 1, endTimestamp: 2 })),
    ).toBe('keyfile/duplicate-key');
  });

  it('pads to a minimum with random keys copying the metadata of real keys', () => {
    const { signing } = freshKey();
    const real = [
      key(1, { rollingStartIntervalNumber: 2_650_032, reportType: 1, daysSinceOnsetOfSymptoms: -2 }),
      key(2, { rollingPeriod: 100 }),
    ];
    const [zip] = createKeyFiles(real, {
      signingKeys: [signing],
      region: 'VN',
      startTimestamp: 1,
      endTimestamp: 2,
      padToMinimum: { minimum: 50, jitter: 10 },
    });
    const keys = parseKeyFileZip(zip as Uint8Array).export.keys;
    expect(keys.length).toBeGreaterThanOrEqual(50);
    expect(keys.length).toBeLessThanOrEqual(60);
    const hex = keys.map((k) => bytesToHex(k.keyData));
    expect(hex).toEqual([...hex].sort());
    expect(hex).toContain('01'.repeat(16));
    expect(hex).toContain('02'.repeat(16));
    for (const k of keys) {
      const from = real.find((r) => r.rollingStartIntervalNumber === k.rollingStartIntervalNumber && r.rollingPeriod === k.rollingPeriod);
      expect(from).toBeDefined();
      expect(k.reportType).toBe(from?.reportType);
      expect(k.daysSinceOnsetOfSymptoms).toBe(from?.daysSinceOnsetOfSymptoms);
    }
    // No padding for an empty set, nor when already above the minimum.
    const [empty] = createKeyFiles([], { signingKeys: [signing], region: 'VN', startTimestamp: 1, endTimestamp: 2, padToMinimum: 50 });
    expect(parseKeyFileZip(empty as Uint8Array).export.keys).toHaveLength(0);
    const [big] = createKeyFiles(real, { signingKeys: [signing], region: 'VN', startTimestamp: 1, endTimestamp: 2, padToMinimum: 1 });
    expect(parseKeyFileZip(big as Uint8Array).export.keys).toHaveLength(2);
  });

  it('validates its options', () => {
    const { signing } = freshKey();
    const base = { signingKeys: [signing], region: 'VN', startTimestamp: 1, endTimestamp: 2 };
    expect(() => createKeyFiles([key(1)], { ...base, signingKeys: [] })).toThrow(TypeError);
    expect(() => createKeyFiles([key(1)], { ...base, batchSize: 0 })).toThrow(RangeError);
    expect(() => createKeyFiles([key(1)], { ...base, padToMinimum: -1 })).toThrow(RangeError);
    expect(() => createKeyFiles([key(1, { rollingPeriod: 145 })], base)).toThrow(/keys\[0\].rollingPeriod/);
  });
});

describe('iterateExportKeys (lazy)', () => {
  it('yields the same keys as decodeExportBin, as views, and revised keys separately', () => {
    const keys = [key(1), key(2, { reportType: 2 }), key(3)];
    const bin = encodeExportBin(exportOf(keys, { revisedKeys: [key(9, { reportType: 5 })] }));
    const lazy = [...iterateExportKeys(bin)];
    expect(lazy).toEqual(decodeExportBin(bin).keys);
    expect(lazy[0]?.keyData.buffer).toBe(bin.buffer);
    expect([...iterateExportKeys(bin, 'revisedKeys')].map((k) => k.keyData[0])).toEqual([9]);
    const google = readKeyFileEntries(googleZip).exportBin;
    expect([...iterateExportKeys(google)].map((k) => bytesToHex(k.keyData))).toEqual([
      '172fc480e598490c34177604339b1543',
      '2b63053ac483238de176169e861f3dcd',
    ]);
  });

  it('throws KeyFileErrors lazily for a malformed key, at once for a bad header', () => {
    expect(codeOf(() => iterateExportKeys(new Uint8Array(20)))).toBe('keyfile/bad-header');
    const gen = iterateExportKeys(binWith(`3a120a10${'11'.repeat(16)}3a140a10${'22'.repeat(16)}1009`));
    expect(gen.next().value?.keyData[0]).toBe(0x11);
    expect(codeOf(() => gen.next())).toBe('keyfile/out-of-range');
  });
});
