/**
 * Reading, verifying, signing and writing GAEN diagnosis-key files (`export.zip`).
 * Signatures are ECDSA P-256 / SHA-256 (DER) over the whole `export.bin`, header included,
 * computed with @noble/curves so that verification works in browsers and React Native too.
 */
import { p256 } from '@noble/curves/nist.js';
import { nodeCrypto } from '../node-builtins';
import { KeyFileError, type KeyFileErrorCode } from './errors';
import {
  decodeExportBin,
  decodeSignatureList,
  encodeExportBin,
  encodeSignatureList,
  isValidKey,
  SIGNATURE_ALGORITHM_P256_SHA256,
  sortByKeyData,
  validateKey,
} from './export-bin';
import { p256SpkiDer } from './pem-keys';
import type { KeyExport, SignatureInfo, SigningKey, TekSignature, TemporaryExposureKey, VerificationKey } from './types';
import { type ReadZipOptions, readKeyFileEntries, writeKeyFileZip } from './zip-container';

/** A parsed key file: decoded export, the raw signed bytes and the decoded signatures. */
export interface ParsedKeyFile {
  /** Decoded `export.bin`. Key bytes are views into `exportBin`. */
  export: KeyExport;
  /** The raw `export.bin` (header + protobuf): the bytes the signatures cover. */
  exportBin: Uint8Array;
  /** Decoded `export.sig`. */
  signatures: TekSignature[];
}

/** Result of {@link verifyKeyFile}. */
export interface KeyFileVerification {
  /** `true` when at least one signature by a supplied key verifies and none by a supplied key fails. */
  valid: boolean;
  /** Why the file is not valid (absent when valid). */
  reason?: string;
  /** Stable code of the failure (absent when valid). */
  code?: KeyFileErrorCode;
  /** Number of keys (`keys` + `revised_keys`) in the file. */
  keyCount: number;
}

/** Signature-level failure codes: {@link verifyKeyFile} reports these as `valid: false` instead of throwing. */
const SIGNATURE_CODES: ReadonlySet<string> = new Set([
  'keyfile/missing-signature',
  'keyfile/unknown-key-id',
  'keyfile/bad-algorithm',
  'keyfile/bad-signature',
]);

/**
 * Parses a key-file zip: unzips it (with size caps), checks the header, decodes and validates
 * `export.bin` and `export.sig`. Does not check signatures (see {@link verifyKeyFile}).
 *
 * @param zip - the `export.zip` bytes.
 * @param options - size caps for the zip entries.
 * @returns the decoded export, the raw `export.bin` and the signatures.
 * @throws TypeError when `zip` is not a `Uint8Array`.
 * @throws KeyFileError with a `code` and `reason` for any malformed file (see {@link KeyFileErrorCode}).
 * @example
 * ```ts
 * const { export: exp } = parseKeyFileZip(readFileSync('export.zip'));
 * console.log(exp.region, exp.keys.length);
 * ```
 */
export function parseKeyFileZip(zip: Uint8Array, options?: ReadZipOptions): ParsedKeyFile {
  const { exportBin, exportSig } = readKeyFileEntries(zip, options);
  const exp = decodeExportBin(exportBin);
  if (exportSig === undefined) throw new KeyFileError('keyfile/missing-entry', 'the zip has no export.sig');
  return { export: exp, exportBin, signatures: decodeSignatureList(exportSig) };
}

/**
 * Checks the signatures of a parsed key file against trusted keys. A signature is checked with
 * every supplied key whose `keyId`/`keyVersion` (when set) match its `SignatureInfo`.
 *
 * @param file - a parsed key file.
 * @param publicKeys - trusted verification keys.
 * @throws KeyFileError `keyfile/missing-signature`, `keyfile/unknown-key-id`, `keyfile/bad-algorithm` or
 *   `keyfile/bad-signature` when the file is not validly signed.
 * @example
 * ```ts
 * assertKeyFileSignature(parseKeyFileZip(zip), importVerificationKeyPem(pem));
 * ```
 */
export function assertKeyFileSignature(file: ParsedKeyFile, publicKeys: VerificationKey[] | VerificationKey): void {
  const keys = normalizeKeys(publicKeys);
  const { signatures, exportBin } = file;
  const exp = file.export;
  if (signatures.length === 0) throw new KeyFileError('keyfile/missing-signature', 'export.sig holds no signature');
  if (signatures.length !== exp.signatureInfos.length) {
    throw new KeyFileError(
      'keyfile/missing-signature',
      `export.sig holds ${signatures.length} signature(s) but export.bin lists ${exp.signatureInfos.length} signature info(s)`,
    );
  }
  let verified = 0;
  for (const sig of signatures) {
    const info = sig.signatureInfo;
    const candidates = keys.filter(
      (k) =>
        (k.keyId === undefined || k.keyId === info.verificationKeyId) &&
        (k.keyVersion === undefined || k.keyVersion === info.verificationKeyVersion),
    );
    if (candidates.length === 0) continue;
    const label = keyLabel(info);
    if (info.signatureAlgorithm !== SIGNATURE_ALGORITHM_P256_SHA256) {
      throw new KeyFileError(
        'keyfile/bad-algorithm',
        `signature ${label} uses algorithm ${JSON.stringify(info.signatureAlgorithm ?? '')}, expected ${SIGNATURE_ALGORITHM_P256_SHA256} (ECDSA P-256 SHA-256)`,
      );
    }
    if (!exp.signatureInfos.some((i) => sameInfo(i, info))) {
      throw new KeyFileError('keyfile/bad-signature', `signature ${label} is not listed in export.bin's signature infos`);
    }
    if (sig.batchNum !== exp.batchNum || sig.batchSize !== exp.batchSize) {
      throw new KeyFileError(
        'keyfile/bad-signature',
        `signature ${label} is for batch ${sig.batchNum}/${sig.batchSize}, export.bin is batch ${exp.batchNum}/${exp.batchSize}`,
      );
    }
    if (!candidates.some((k) => verifyDer(sig.signature, exportBin, k.publicKey))) {
      throw new KeyFileError('keyfile/bad-signature', `signature ${label} does not verify over export.bin`);
    }
    verified++;
  }
  if (verified === 0) {
    const ids = signatures.map((s) => keyLabel(s.signatureInfo)).join(', ');
    throw new KeyFileError('keyfile/unknown-key-id', `no supplied public key matches the signing key(s) ${ids}`);
  }
}

/**
 * Parses a key-file zip and verifies its signature(s) with trusted keys.
 *
 * @param zip - the `export.zip` bytes.
 * @param publicKeys - trusted verification keys (see {@link importVerificationKeyPem}).
 * @param options - size caps for the zip entries.
 * @returns `{ valid, reason?, code?, keyCount }`; a missing `export.sig`, unknown key id, wrong algorithm
 *   or bad signature gives `valid: false`.
 * @throws TypeError when `zip` is not a `Uint8Array`.
 * @throws KeyFileError when the file cannot be parsed at all (bad zip, header or protobuf, out-of-range field).
 * @example
 * ```ts
 * const result = verifyKeyFile(zip, importVerificationKeyPem(pem));
 * if (!result.valid) console.error(result.reason);
 * ```
 */
export function verifyKeyFile(
  zip: Uint8Array,
  publicKeys: VerificationKey[] | VerificationKey,
  options?: ReadZipOptions,
): KeyFileVerification {
  const keys = normalizeKeys(publicKeys);
  const { exportBin, exportSig } = readKeyFileEntries(zip, options);
  const exp = decodeExportBin(exportBin);
  const keyCount = exp.keys.length + exp.revisedKeys.length;
  if (exportSig === undefined) {
    return { valid: false, code: 'keyfile/missing-signature', reason: 'the zip has no export.sig', keyCount };
  }
  const signatures = decodeSignatureList(exportSig);
  try {
    assertKeyFileSignature({ export: exp, exportBin, signatures }, keys);
  } catch (error) {
    if (error instanceof KeyFileError && SIGNATURE_CODES.has(error.code)) {
      return { valid: false, code: error.code, reason: error.reason, keyCount };
    }
    throw error;
  }
  return { valid: true, keyCount };
}

/**
 * Signs `export.bin` with each signing key (ECDSA P-256 / SHA-256, DER, deterministic RFC 6979 nonces).
 *
 * @param exportBin - the whole `export.bin` (header included).
 * @param signingKeys - one signature per key, in order.
 * @param batchNum - batch number written into each `TEKSignature`.
 * @param batchSize - batch size written into each `TEKSignature`.
 * @returns the signatures, ready for {@link encodeSignatureList}.
 * @throws TypeError when an argument has the wrong type.
 * @example
 * ```ts
 * const sigs = signExportBin(bin, [signingKey], 1, 1);
 * ```
 */
export function signExportBin(exportBin: Uint8Array, signingKeys: SigningKey[], batchNum: number, batchSize: number): TekSignature[] {
  if (!(exportBin instanceof Uint8Array)) throw new TypeError('exportBin must be a Uint8Array');
  if (!Array.isArray(signingKeys)) throw new TypeError('signingKeys must be an array');
  return signingKeys.map((key) => ({
    signatureInfo: signatureInfoOf(key),
    batchNum,
    batchSize,
    signature: p256.sign(exportBin, key.privateKey, { format: 'der', prehash: true }),
  }));
}

/**
 * The `SignatureInfo` written for a signing key: its version, id and the ECDSA P-256 SHA-256 OID.
 *
 * @param key - the signing key.
 * @returns the signature info.
 * @example
 * ```ts
 * signatureInfoOf({ ...key, keyId: '310', keyVersion: 'v1' });
 * ```
 */
export function signatureInfoOf(key: SigningKey): SignatureInfo {
  const info: SignatureInfo = {};
  if (key.keyVersion !== undefined) info.verificationKeyVersion = key.keyVersion;
  if (key.keyId !== undefined) info.verificationKeyId = key.keyId;
  info.signatureAlgorithm = SIGNATURE_ALGORITHM_P256_SHA256;
  return info;
}

/** Padding with random keys, as Google's reference server does (`ensureMinNumExposures`). */
export interface PaddingOptions {
  /** Pad the whole set to at least this many keys. */
  minimum: number;
  /** Add a uniformly random 0..jitter extra keys to the target (Google's default range is 100). Default 0. */
  jitter?: number;
}

/** Options of {@link createKeyFiles}. */
export interface CreateKeyFilesOptions {
  /** One signature per key in every file. */
  signingKeys: SigningKey[];
  /** Region written into every file, e.g. `"VN"`. */
  region: string;
  /** Start of the covered window, Unix seconds. */
  startTimestamp: number;
  /** End of the covered window, Unix seconds. */
  endTimestamp: number;
  /** Maximum keys per file (default 500,000, Google's `EXPORT_FILE_MAX_RECORDS`). */
  batchSize?: number;
  /**
   * Pad to a minimum key count with random keys so that file sizes reveal less about the number
   * of real diagnoses. Each fake key has 16 random bytes and copies the interval, rolling period,
   * TRL, report type and days since onset of a randomly chosen real key (Google's reference server
   * behaviour). A number means `{ minimum: n, jitter: 0 }`. Nothing is padded when there are no keys.
   */
  padToMinimum?: number | PaddingOptions;
  /** Source of random bytes (tests); default `crypto.getRandomValues`. */
  randomBytes?: (length: number) => Uint8Array;
}

/**
 * Builds signed key-file zips as Google's reference key server does: keys sorted by key bytes,
 * `transmission_risk_level` always written (0 when absent), optional padding, then split into files
 * of at most `batchSize` keys numbered `batchNum` 1..n with `batchSize` n.
 *
 * @param keys - diagnosis keys (not modified).
 * @param options - signing keys, region, time window, batching and padding.
 * @returns one zip per batch, in batch order.
 * @throws TypeError / RangeError when an argument is invalid (the message names it).
 * @throws KeyFileError `keyfile/duplicate-key` when the same key appears twice.
 * @example
 * ```ts
 * const [zip] = createKeyFiles(keys, { signingKeys: [key], region: 'VN', startTimestamp, endTimestamp });
 * ```
 */
export function createKeyFiles(keys: TemporaryExposureKey[], options: CreateKeyFilesOptions): Uint8Array[] {
  if (!Array.isArray(keys)) throw new TypeError('keys must be an array');
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const { signingKeys, region, startTimestamp, endTimestamp } = options;
  if (!Array.isArray(signingKeys) || signingKeys.length === 0) {
    throw new TypeError('options.signingKeys must be a non-empty array');
  }
  signingKeys.forEach((k, i) => {
    if (typeof k !== 'object' || k === null || !(k.privateKey instanceof Uint8Array) || k.privateKey.length !== 32) {
      throw new TypeError(`options.signingKeys[${i}].privateKey must be a 32-byte Uint8Array`);
    }
  });
  const batchSize = options.batchSize ?? 500_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('options.batchSize must be an integer >= 1');
  const random = options.randomBytes ?? defaultRandomBytes;

  const prepared: TemporaryExposureKey[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as TemporaryExposureKey;
    if (!isValidKey(k)) validateKey(k, `keys[${i}]`);
    prepared[i] = k.transmissionRiskLevel === undefined ? { ...k, transmissionRiskLevel: 0 } : k;
  }
  pad(prepared, options.padToMinimum, random);
  const all = sortByKeyData(prepared);

  const files = Math.max(1, Math.ceil(all.length / batchSize));
  if (files > 1_000_000) throw new RangeError('options.batchSize is too small: more than 1,000,000 files');
  const signatureInfos = signingKeys.map(signatureInfoOf);
  const zips: Uint8Array[] = [];
  for (let f = 0; f < files; f++) {
    const bin = encodeExportBin({
      startTimestamp,
      endTimestamp,
      region,
      batchNum: f + 1,
      batchSize: files,
      signatureInfos,
      keys: all.slice(f * batchSize, (f + 1) * batchSize),
      revisedKeys: [],
    });
    const sig = encodeSignatureList(signExportBin(bin, signingKeys, f + 1, files));
    zips.push(writeKeyFileZip(bin, sig));
  }
  return zips;
}

function pad(keys: TemporaryExposureKey[], padding: number | PaddingOptions | undefined, random: (length: number) => Uint8Array): void {
  if (padding === undefined || keys.length === 0) return;
  const { minimum, jitter = 0 } = typeof padding === 'number' ? { minimum: padding } : padding;
  if (!Number.isInteger(minimum) || minimum < 0 || minimum > 10_000_000) {
    throw new RangeError('options.padToMinimum.minimum must be an integer in [0, 10000000]');
  }
  if (!Number.isInteger(jitter) || jitter < 0 || jitter > 1_000_000) {
    throw new RangeError('options.padToMinimum.jitter must be an integer in [0, 1000000]');
  }
  const target = minimum + randomInt(jitter + 1, random);
  const real = keys.length;
  while (keys.length < target) {
    const keyData = random(16);
    if (!(keyData instanceof Uint8Array) || keyData.length !== 16) throw new TypeError('randomBytes must return the requested bytes');
    const from = keys[randomInt(real, random)] as TemporaryExposureKey;
    const fake: TemporaryExposureKey = {
      keyData,
      rollingStartIntervalNumber: from.rollingStartIntervalNumber,
      rollingPeriod: from.rollingPeriod,
    };
    if (from.transmissionRiskLevel !== undefined) fake.transmissionRiskLevel = from.transmissionRiskLevel;
    if (from.reportType !== undefined) fake.reportType = from.reportType;
    if (from.daysSinceOnsetOfSymptoms !== undefined) fake.daysSinceOnsetOfSymptoms = from.daysSinceOnsetOfSymptoms;
    keys.push(fake);
  }
}

/** Uniform integer in [0, n) from random bytes (rejection sampling, no modulo bias). */
function randomInt(n: number, random: (length: number) => Uint8Array): number {
  if (n <= 1) return 0;
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  for (;;) {
    const b = random(4);
    const v = (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
    if (v < limit) return v % n;
  }
}

function defaultRandomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** `node:crypto` public keys by the point bytes they were made from (a point is imported once, not per file). */
const nodeKeys = new WeakMap<Uint8Array, unknown>();

function verifyDer(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const native = nodeCrypto();
  if (native !== undefined) {
    // OpenSSL is ~40x faster than the pure-JS verify; like noble with lowS off, it accepts high-S signatures.
    try {
      let key = nodeKeys.get(publicKey);
      if (key === undefined) {
        key = native.createPublicKey({ key: p256SpkiDer(publicKey), format: 'der', type: 'spki' });
        nodeKeys.set(publicKey, key);
      }
      return native.verify('sha256', message, { key, dsaEncoding: 'der' }, signature);
    } catch {
      return false;
    }
  }
  try {
    // Google's server (Go crypto/ecdsa) and Android accept high-S signatures, so lowS is off.
    return p256.verify(signature, message, publicKey, { format: 'der', prehash: true, lowS: false });
  } catch {
    return false;
  }
}

function normalizeKeys(publicKeys: VerificationKey[] | VerificationKey): VerificationKey[] {
  const keys = Array.isArray(publicKeys) ? publicKeys : [publicKeys];
  keys.forEach((k, i) => {
    if (typeof k !== 'object' || k === null || !(k.publicKey instanceof Uint8Array)) {
      throw new TypeError(`publicKeys[${i}].publicKey must be a Uint8Array`);
    }
  });
  return keys;
}

function sameInfo(a: SignatureInfo, b: SignatureInfo): boolean {
  return (
    a.verificationKeyId === b.verificationKeyId &&
    a.verificationKeyVersion === b.verificationKeyVersion &&
    a.signatureAlgorithm === b.signatureAlgorithm
  );
}

function keyLabel(info: SignatureInfo): string {
  return `"${info.verificationKeyId ?? ''}-${info.verificationKeyVersion ?? ''}"`;
}
