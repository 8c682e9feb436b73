/**
 * `export.bin` / `export.sig` protobuf codec (GAEN key export format, proto2), built on the
 * wire-level reader/writer of `@bufbuild/protobuf`. The schema is written out in code so that
 * the output is byte-identical to Google's reference key server (exposure-notifications-server,
 * `internal/export/exportfile.go`): fields in field-number order, keys sorted by key bytes when
 * asked, `rolling_period` omitted when 144, `rolling_start_interval_number` omitted when 0,
 * `days_since_onset_of_symptoms` as ZigZag `sint32`.
 */

import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { compareBytes } from '@healthtrace/core';
import { KeyFileError } from './errors';
import type { KeyExport, SignatureInfo, TekSignature, TemporaryExposureKey } from './types';

/** The 16-byte ASCII header `"EK Export v1    "` that starts every `export.bin`. */
export const EXPORT_BIN_HEADER: Uint8Array = /* @__PURE__ */ new TextEncoder().encode('EK Export v1    ');

/** OID of ECDSA with SHA-256 (`ecdsa-with-SHA256`), the only algorithm GAEN key files use. */
export const SIGNATURE_ALGORITHM_P256_SHA256 = '1.2.840.10045.4.3.2' as const;

/** Default (and maximum) `rolling_period`: 144 ten-minute intervals = one day. */
const DEFAULT_ROLLING_PERIOD = 144;
/** Clients reject `batch_num`/`batch_size` above this (ENI `SignatureVerifier`). */
const MAX_BATCH = 1_000_000;
const MAX_REPORT_TYPE = 5;
const MAX_TRL = 8;
const KEY_LENGTH = 16;

/** Options of {@link encodeExportBin}. */
export interface EncodeExportOptions {
  /** Sort `keys` and `revisedKeys` by key bytes as Google's server does (default `false`: keep the given order). */
  sortKeys?: boolean;
}

/**
 * Serializes a {@link KeyExport} to `export.bin` (16-byte header + protobuf).
 *
 * Keys are written in the given order unless `options.sortKeys` is set. Optional fields that are
 * `undefined` are omitted; `rollingPeriod` 144 and `rollingStartIntervalNumber` 0 are omitted
 * (their proto defaults). Decoding a file and encoding it again gives the same bytes for files
 * written by Google's reference server.
 *
 * @param e - the export content.
 * @param options - see {@link EncodeExportOptions}.
 * @returns the `export.bin` bytes.
 * @throws TypeError / RangeError when a field has the wrong type or is out of range (the message names it).
 * @throws KeyFileError `keyfile/duplicate-key` when a key list holds the same key twice.
 * @example
 * ```ts
 * const bin = encodeExportBin({ startTimestamp: 1590159600, endTimestamp: 1590246000, region: 'US',
 *   batchNum: 1, batchSize: 1, signatureInfos: [], keys, revisedKeys: [] }, { sortKeys: true });
 * ```
 */
export function encodeExportBin(e: KeyExport, options?: EncodeExportOptions): Uint8Array {
  if (typeof e !== 'object' || e === null) throw new TypeError('export must be an object');
  checkTimestamp(e.startTimestamp, 'export.startTimestamp');
  checkTimestamp(e.endTimestamp, 'export.endTimestamp');
  if (typeof e.region !== 'string') throw new TypeError('export.region must be a string');
  checkInt(e.batchNum, 'export.batchNum', 0, MAX_BATCH);
  checkInt(e.batchSize, 'export.batchSize', 0, MAX_BATCH);
  if (!Array.isArray(e.signatureInfos)) throw new TypeError('export.signatureInfos must be an array');
  if (!Array.isArray(e.keys)) throw new TypeError('export.keys must be an array');
  if (!Array.isArray(e.revisedKeys)) throw new TypeError('export.revisedKeys must be an array');
  const sort = options?.sortKeys === true;
  const keys = prepareKeys(e.keys, 'export.keys', sort);
  const revised = prepareKeys(e.revisedKeys, 'export.revisedKeys', sort);

  const w = new BinaryWriter();
  w.raw(EXPORT_BIN_HEADER);
  w.tag(1, WireType.Bit64).fixed64(e.startTimestamp);
  w.tag(2, WireType.Bit64).fixed64(e.endTimestamp);
  w.tag(3, WireType.LengthDelimited).string(e.region);
  w.tag(4, WireType.Varint).int32(e.batchNum);
  w.tag(5, WireType.Varint).int32(e.batchSize);
  e.signatureInfos.forEach((info, i) => {
    w.tag(6, WireType.LengthDelimited).fork();
    writeSignatureInfo(w, info, `export.signatureInfos[${i}]`);
    w.join();
  });
  for (const k of keys) writeKey(w, 7, k);
  for (const k of revised) writeKey(w, 8, k);
  return w.finish();
}

/**
 * Decodes `export.bin` (header + `TemporaryExposureKeyExport`), validating every field.
 *
 * Unknown and reserved fields are skipped (older files carry `SignatureInfo` fields 1 and 2).
 * `keyData` of each key is a view into `bin` (no copy): copy it if `bin` will be reused.
 *
 * @param bin - the `export.bin` bytes.
 * @returns the decoded export.
 * @throws TypeError when `bin` is not a `Uint8Array`.
 * @throws KeyFileError `keyfile/bad-header`, `keyfile/bad-protobuf`, `keyfile/out-of-range` or `keyfile/duplicate-key`.
 * @example
 * ```ts
 * const { region, keys } = decodeExportBin(exportBin);
 * ```
 */
export function decodeExportBin(bin: Uint8Array): KeyExport {
  if (!(bin instanceof Uint8Array)) throw new TypeError('bin must be a Uint8Array');
  checkHeader(bin);
  const out: KeyExport = {
    startTimestamp: 0,
    endTimestamp: 0,
    region: '',
    batchNum: 0,
    batchSize: 0,
    signatureInfos: [],
    keys: [],
    revisedKeys: [],
  };
  guard('export.bin', () => {
    const r = new BinaryReader(bin.subarray(EXPORT_BIN_HEADER.length));
    while (r.pos < r.len) {
      const [field, wt] = r.tag();
      switch (field) {
        case 1:
          expectWire(wt, WireType.Bit64, 'start_timestamp');
          out.startTimestamp = readTimestamp(r, 'start_timestamp');
          break;
        case 2:
          expectWire(wt, WireType.Bit64, 'end_timestamp');
          out.endTimestamp = readTimestamp(r, 'end_timestamp');
          break;
        case 3:
          expectWire(wt, WireType.LengthDelimited, 'region');
          out.region = r.string(true);
          break;
        case 4:
          expectWire(wt, WireType.Varint, 'batch_num');
          out.batchNum = rangeCheck(r.int32(), 'batch_num', 0, MAX_BATCH);
          break;
        case 5:
          expectWire(wt, WireType.Varint, 'batch_size');
          out.batchSize = rangeCheck(r.int32(), 'batch_size', 0, MAX_BATCH);
          break;
        case 6:
          expectWire(wt, WireType.LengthDelimited, 'signature_infos');
          out.signatureInfos.push(readSignatureInfo(r.bytes()));
          break;
        case 7:
          expectWire(wt, WireType.LengthDelimited, 'keys');
          out.keys.push(readKey(r.bytes(), 'keys'));
          break;
        case 8:
          expectWire(wt, WireType.LengthDelimited, 'revised_keys');
          out.revisedKeys.push(readKey(r.bytes(), 'revised_keys'));
          break;
        default:
          r.skip(wt, field);
      }
    }
  });
  if (out.batchNum > 0 && out.batchSize > 0 && out.batchNum > out.batchSize) {
    throw new KeyFileError('keyfile/out-of-range', `batch_num ${out.batchNum} exceeds batch_size ${out.batchSize}`);
  }
  checkDuplicates(out.keys, 'keys');
  checkDuplicates(out.revisedKeys, 'revised_keys');
  return out;
}

/**
 * Lazily decodes the keys of `export.bin`, one at a time, without building the whole export: for
 * iterating large national files (hundreds of thousands of keys) with constant extra memory.
 * Each key is validated as in {@link decodeExportBin} and its `keyData` is a view into `bin` (no copy).
 * Unlike {@link decodeExportBin}, duplicates across the file are not detected and other fields are skipped;
 * check the signature first ({@link verifyKeyFile}) when the file comes from the network.
 *
 * @param bin - the `export.bin` bytes (e.g. `readKeyFileEntries(zip).exportBin`).
 * @param list - `"keys"` (default) or `"revisedKeys"`.
 * @returns a generator of keys in file order.
 * @throws TypeError when `bin` is not a `Uint8Array`.
 * @throws KeyFileError `keyfile/bad-header` at once; `keyfile/bad-protobuf` or `keyfile/out-of-range` when
 *   the iteration reaches a malformed part.
 * @example
 * ```ts
 * for (const key of iterateExportKeys(readKeyFileEntries(zip).exportBin)) match(key);
 * ```
 */
export function iterateExportKeys(
  bin: Uint8Array,
  list: 'keys' | 'revisedKeys' = 'keys',
): Generator<TemporaryExposureKey, void, undefined> {
  if (!(bin instanceof Uint8Array)) throw new TypeError('bin must be a Uint8Array');
  if (list !== 'keys' && list !== 'revisedKeys') throw new RangeError('list must be "keys" or "revisedKeys"');
  checkHeader(bin);
  return keyGenerator(bin, list === 'keys' ? 7 : 8, list === 'keys' ? 'keys' : 'revised_keys');
}

function* keyGenerator(bin: Uint8Array, want: number, name: string): Generator<TemporaryExposureKey, void, undefined> {
  const r = new BinaryReader(bin.subarray(EXPORT_BIN_HEADER.length));
  while (r.pos < r.len) {
    let key: TemporaryExposureKey | undefined;
    guard('export.bin', () => {
      const [field, wt] = r.tag();
      if (field === want) {
        expectWire(wt, WireType.LengthDelimited, name);
        key = readKey(r.bytes(), name);
      } else {
        r.skip(wt, field);
      }
    });
    if (key !== undefined) yield key;
  }
}

/**
 * Checks the 16-byte `"EK Export v1    "` header of `export.bin`.
 *
 * @param bin - the `export.bin` bytes.
 * @throws KeyFileError `keyfile/bad-header` when it is missing or different.
 * @example
 * ```ts
 * checkExportHeader(exportBin);
 * ```
 */
export function checkExportHeader(bin: Uint8Array): void {
  checkHeader(bin);
}

function checkHeader(bin: Uint8Array): void {
  if (bin.length < EXPORT_BIN_HEADER.length) {
    throw new KeyFileError('keyfile/bad-header', `export.bin is ${bin.length} bytes, shorter than its 16-byte header`);
  }
  for (let i = 0; i < EXPORT_BIN_HEADER.length; i++) {
    if (bin[i] !== EXPORT_BIN_HEADER[i]) {
      throw new KeyFileError('keyfile/bad-header', `export.bin header differs from "EK Export v1    " at byte ${i}`);
    }
  }
}

/**
 * Serializes `export.sig` (`TEKSignatureList`).
 *
 * @param signatures - the signatures, in order.
 * @returns the `export.sig` bytes.
 * @throws TypeError / RangeError when a field has the wrong type or range.
 * @example
 * ```ts
 * const sig = encodeSignatureList([{ signatureInfo, batchNum: 1, batchSize: 1, signature: der }]);
 * ```
 */
export function encodeSignatureList(signatures: TekSignature[]): Uint8Array {
  if (!Array.isArray(signatures)) throw new TypeError('signatures must be an array');
  const w = new BinaryWriter();
  signatures.forEach((s, i) => {
    const name = `signatures[${i}]`;
    if (typeof s !== 'object' || s === null) throw new TypeError(`${name} must be an object`);
    if (!(s.signature instanceof Uint8Array)) throw new TypeError(`${name}.signature must be a Uint8Array`);
    checkInt(s.batchNum, `${name}.batchNum`, 0, MAX_BATCH);
    checkInt(s.batchSize, `${name}.batchSize`, 0, MAX_BATCH);
    w.tag(1, WireType.LengthDelimited).fork();
    w.tag(1, WireType.LengthDelimited).fork();
    writeSignatureInfo(w, s.signatureInfo, `${name}.signatureInfo`);
    w.join();
    w.tag(2, WireType.Varint).int32(s.batchNum);
    w.tag(3, WireType.Varint).int32(s.batchSize);
    w.tag(4, WireType.LengthDelimited).bytes(s.signature);
    w.join();
  });
  return w.finish();
}

/**
 * Decodes `export.sig` (`TEKSignatureList`). `signature` bytes are views into `sig`.
 *
 * @param sig - the `export.sig` bytes.
 * @returns the signatures, in file order.
 * @throws TypeError when `sig` is not a `Uint8Array`.
 * @throws KeyFileError `keyfile/bad-protobuf` or `keyfile/out-of-range`.
 * @example
 * ```ts
 * const [first] = decodeSignatureList(exportSig);
 * ```
 */
export function decodeSignatureList(sig: Uint8Array): TekSignature[] {
  if (!(sig instanceof Uint8Array)) throw new TypeError('sig must be a Uint8Array');
  const list: TekSignature[] = [];
  guard('export.sig', () => {
    const r = new BinaryReader(sig);
    while (r.pos < r.len) {
      const [field, wt] = r.tag();
      if (field === 1) {
        expectWire(wt, WireType.LengthDelimited, 'signatures');
        list.push(readTekSignature(r.bytes()));
      } else {
        r.skip(wt, field);
      }
    }
  });
  return list;
}

function readTekSignature(bytes: Uint8Array): TekSignature {
  const s: TekSignature = { signatureInfo: {}, batchNum: 0, batchSize: 0, signature: new Uint8Array(0) };
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [field, wt] = r.tag();
    switch (field) {
      case 1:
        expectWire(wt, WireType.LengthDelimited, 'signature_info');
        s.signatureInfo = readSignatureInfo(r.bytes());
        break;
      case 2:
        expectWire(wt, WireType.Varint, 'batch_num');
        s.batchNum = rangeCheck(r.int32(), 'batch_num', 0, MAX_BATCH);
        break;
      case 3:
        expectWire(wt, WireType.Varint, 'batch_size');
        s.batchSize = rangeCheck(r.int32(), 'batch_size', 0, MAX_BATCH);
        break;
      case 4:
        expectWire(wt, WireType.LengthDelimited, 'signature');
        s.signature = r.bytes();
        break;
      default:
        r.skip(wt, field);
    }
  }
  return s;
}

function readSignatureInfo(bytes: Uint8Array): SignatureInfo {
  const info: SignatureInfo = {};
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [field, wt] = r.tag();
    switch (field) {
      case 3:
        expectWire(wt, WireType.LengthDelimited, 'verification_key_version');
        info.verificationKeyVersion = r.string(true);
        break;
      case 4:
        expectWire(wt, WireType.LengthDelimited, 'verification_key_id');
        info.verificationKeyId = r.string(true);
        break;
      case 5:
        expectWire(wt, WireType.LengthDelimited, 'signature_algorithm');
        info.signatureAlgorithm = r.string(true);
        break;
      default:
        r.skip(wt, field);
    }
  }
  return info;
}

function readKey(bytes: Uint8Array, list: string): TemporaryExposureKey {
  let keyData: Uint8Array | undefined;
  const k: TemporaryExposureKey = {
    keyData: bytes.subarray(0, 0),
    rollingStartIntervalNumber: 0,
    rollingPeriod: DEFAULT_ROLLING_PERIOD,
  };
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [field, wt] = r.tag();
    switch (field) {
      case 1:
        expectWire(wt, WireType.LengthDelimited, 'key_data');
        keyData = r.bytes();
        break;
      case 2:
        expectWire(wt, WireType.Varint, 'transmission_risk_level');
        k.transmissionRiskLevel = fieldRangeCheck(r.int32(), list, 'transmission_risk_level', 0, MAX_TRL);
        break;
      case 3:
        expectWire(wt, WireType.Varint, 'rolling_start_interval_number');
        k.rollingStartIntervalNumber = fieldRangeCheck(r.int32(), list, 'rolling_start_interval_number', 0, 0x7fffffff);
        break;
      case 4:
        expectWire(wt, WireType.Varint, 'rolling_period');
        k.rollingPeriod = fieldRangeCheck(r.int32(), list, 'rolling_period', 1, DEFAULT_ROLLING_PERIOD);
        break;
      case 5:
        expectWire(wt, WireType.Varint, 'report_type');
        k.reportType = fieldRangeCheck(r.int32(), list, 'report_type', 0, MAX_REPORT_TYPE);
        break;
      case 6:
        expectWire(wt, WireType.Varint, 'days_since_onset_of_symptoms');
        k.daysSinceOnsetOfSymptoms = r.sint32();
        break;
      default:
        r.skip(wt, field);
    }
  }
  if (keyData === undefined) throw new KeyFileError('keyfile/out-of-range', `a key in ${list} has no key_data`);
  if (keyData.length !== KEY_LENGTH) {
    throw new KeyFileError('keyfile/out-of-range', `${list}.key_data is ${keyData.length} bytes, expected 16`);
  }
  k.keyData = keyData;
  return k;
}

function writeSignatureInfo(w: BinaryWriter, info: SignatureInfo, name: string): void {
  if (typeof info !== 'object' || info === null) throw new TypeError(`${name} must be an object`);
  if (info.verificationKeyVersion !== undefined) {
    w.tag(3, WireType.LengthDelimited).string(checkString(info.verificationKeyVersion, `${name}.verificationKeyVersion`));
  }
  if (info.verificationKeyId !== undefined) {
    w.tag(4, WireType.LengthDelimited).string(checkString(info.verificationKeyId, `${name}.verificationKeyId`));
  }
  if (info.signatureAlgorithm !== undefined) {
    w.tag(5, WireType.LengthDelimited).string(checkString(info.signatureAlgorithm, `${name}.signatureAlgorithm`));
  }
}

function writeKey(w: BinaryWriter, field: number, k: TemporaryExposureKey): void {
  // The message length is computed up front instead of fork()/join(): 100k keys encode ~3x faster.
  let size = 2 + k.keyData.length;
  if (k.transmissionRiskLevel !== undefined) size += 1 + varintSize(k.transmissionRiskLevel);
  if (k.rollingStartIntervalNumber !== 0) size += 1 + varintSize(k.rollingStartIntervalNumber);
  if (k.rollingPeriod !== DEFAULT_ROLLING_PERIOD) size += 1 + varintSize(k.rollingPeriod);
  if (k.reportType !== undefined) size += 1 + varintSize(k.reportType);
  const onset = k.daysSinceOnsetOfSymptoms;
  if (onset !== undefined) size += 1 + varintSize(((onset << 1) ^ (onset >> 31)) >>> 0);
  w.tag(field, WireType.LengthDelimited).uint32(size);
  w.tag(1, WireType.LengthDelimited).bytes(k.keyData);
  if (k.transmissionRiskLevel !== undefined) w.tag(2, WireType.Varint).int32(k.transmissionRiskLevel);
  if (k.rollingStartIntervalNumber !== 0) w.tag(3, WireType.Varint).int32(k.rollingStartIntervalNumber);
  if (k.rollingPeriod !== DEFAULT_ROLLING_PERIOD) w.tag(4, WireType.Varint).int32(k.rollingPeriod);
  if (k.reportType !== undefined) w.tag(5, WireType.Varint).int32(k.reportType);
  if (onset !== undefined) w.tag(6, WireType.Varint).sint32(onset);
}

/** Bytes of a varint for a validated non-negative value below 2^32. */
function varintSize(v: number): number {
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  return 5;
}

/**
 * Validates a key list for encoding (argument errors name `keys[i].field`) and returns it,
 * sorted by key bytes when asked (a sorted copy; the caller's array is not modified).
 */
function prepareKeys(keys: TemporaryExposureKey[], name: string, sort: boolean): TemporaryExposureKey[] {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as TemporaryExposureKey;
    // Fast path without building an argument name; validateKey() produces the detailed error.
    if (!isValidKey(k)) validateKey(k, `${name}[${i}]`);
  }
  const list = sort ? sortByKeyData(keys) : keys;
  checkDuplicates(list, name);
  return list;
}

/**
 * Whether a key passes {@link validateKey} (a fast check that builds no error message).
 *
 * @param k - the key.
 * @returns `true` when every field is present and in range.
 * @example
 * ```ts
 * if (!isValidKey(k)) validateKey(k, 'keys[3]'); // throws the detailed error
 * ```
 */
export function isValidKey(k: TemporaryExposureKey): boolean {
  if (typeof k !== 'object' || k === null || !(k.keyData instanceof Uint8Array) || k.keyData.length !== KEY_LENGTH) {
    return false;
  }
  const { rollingStartIntervalNumber: rsin, rollingPeriod: rp, transmissionRiskLevel: trl, reportType: rt } = k;
  const onset = k.daysSinceOnsetOfSymptoms;
  return (
    Number.isInteger(rsin) &&
    rsin >= 0 &&
    rsin <= 0x7fffffff &&
    Number.isInteger(rp) &&
    rp >= 1 &&
    rp <= DEFAULT_ROLLING_PERIOD &&
    (trl === undefined || (Number.isInteger(trl) && trl >= 0 && trl <= MAX_TRL)) &&
    (rt === undefined || (Number.isInteger(rt) && rt >= 0 && rt <= MAX_REPORT_TYPE)) &&
    (onset === undefined || (Number.isInteger(onset) && onset >= -0x80000000 && onset <= 0x7fffffff))
  );
}

/**
 * Returns a copy of `keys` sorted by key bytes (bytewise, as Google's server sorts). Sorting 100k keys
 * with a byte-by-byte comparator takes ~1 s, so keys are ordered by their first 6 bytes as one
 * exactly-representable number, with a full comparison only on ties.
 *
 * @param keys - keys with 16-byte `keyData` (not modified).
 * @returns a new sorted array.
 * @example
 * ```ts
 * const sorted = sortByKeyData(keys);
 * ```
 */
export function sortByKeyData(keys: readonly TemporaryExposureKey[]): TemporaryExposureKey[] {
  const n = keys.length;
  const prefix = new Float64Array(n);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const d = (keys[i] as TemporaryExposureKey).keyData;
    prefix[i] =
      ((d[0] as number) * 0x10000 + (d[1] as number) * 0x100 + (d[2] as number)) * 0x1000000 +
      ((d[3] as number) * 0x10000 + (d[4] as number) * 0x100 + (d[5] as number));
    order[i] = i;
  }
  order.sort((a, b) => {
    const d = (prefix[a] as number) - (prefix[b] as number);
    if (d !== 0) return d;
    return compareBytes((keys[a] as TemporaryExposureKey).keyData, (keys[b] as TemporaryExposureKey).keyData);
  });
  const out = new Array<TemporaryExposureKey>(n);
  for (let i = 0; i < n; i++) out[i] = keys[order[i] as number] as TemporaryExposureKey;
  return out;
}

/**
 * Checks one key's fields (as {@link encodeExportBin} requires).
 *
 * @param k - the key.
 * @param name - the argument name used in error messages.
 * @throws TypeError / RangeError naming the bad field.
 * @example
 * ```ts
 * validateKey(key, 'keys[0]');
 * ```
 */
export function validateKey(k: TemporaryExposureKey, name: string): void {
  if (typeof k !== 'object' || k === null) throw new TypeError(`${name} must be an object`);
  if (!(k.keyData instanceof Uint8Array)) throw new TypeError(`${name}.keyData must be a Uint8Array`);
  if (k.keyData.length !== KEY_LENGTH) throw new RangeError(`${name}.keyData must be 16 bytes, got ${k.keyData.length}`);
  checkInt(k.rollingStartIntervalNumber, `${name}.rollingStartIntervalNumber`, 0, 0x7fffffff);
  checkInt(k.rollingPeriod, `${name}.rollingPeriod`, 1, DEFAULT_ROLLING_PERIOD);
  if (k.transmissionRiskLevel !== undefined) checkInt(k.transmissionRiskLevel, `${name}.transmissionRiskLevel`, 0, MAX_TRL);
  if (k.reportType !== undefined) checkInt(k.reportType, `${name}.reportType`, 0, MAX_REPORT_TYPE);
  if (k.daysSinceOnsetOfSymptoms !== undefined) {
    checkInt(k.daysSinceOnsetOfSymptoms, `${name}.daysSinceOnsetOfSymptoms`, -0x80000000, 0x7fffffff);
  }
}

/** Rejects a list holding the same key bytes twice: O(n) when sorted (Google's order), else a hash set. */
function checkDuplicates(keys: TemporaryExposureKey[], list: string): void {
  let sorted = true;
  for (let i = 1; i < keys.length; i++) {
    const c = compareBytes((keys[i - 1] as TemporaryExposureKey).keyData, (keys[i] as TemporaryExposureKey).keyData);
    if (c === 0) throw duplicate(list, keys[i] as TemporaryExposureKey);
    if (c > 0) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  const seen = new Set<string>();
  for (const k of keys) {
    const id = String.fromCharCode(...k.keyData);
    if (seen.has(id)) throw duplicate(list, k);
    seen.add(id);
  }
}

function duplicate(list: string, k: TemporaryExposureKey): KeyFileError {
  let hex = '';
  for (const b of k.keyData) hex += b.toString(16).padStart(2, '0');
  return new KeyFileError('keyfile/duplicate-key', `${list} holds key ${hex} more than once`);
}

function readTimestamp(r: BinaryReader, name: string): number {
  const v = r.fixed64();
  const n = typeof v === 'bigint' ? v : BigInt(v);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new KeyFileError('keyfile/out-of-range', `${name} ${n} is beyond the safe integer range`);
  }
  return Number(n);
}

function expectWire(actual: WireType, expected: WireType, name: string): void {
  if (actual !== expected) {
    throw new KeyFileError('keyfile/bad-protobuf', `field ${name} has wire type ${actual}, expected ${expected}`);
  }
}

/** {@link rangeCheck} for a field of a key list; the name is only built on failure (this runs per key). */
function fieldRangeCheck(value: number, list: string, field: string, min: number, max: number): number {
  return value < min || value > max ? rangeCheck(value, `${list}.${field}`, min, max) : value;
}

function rangeCheck(value: number, name: string, min: number, max: number): number {
  if (value < min || value > max) {
    throw new KeyFileError('keyfile/out-of-range', `${name} is ${value}, outside [${min}, ${max}]`);
  }
  return value;
}

/** Runs a protobuf reader body, turning the reader's own errors into `keyfile/bad-protobuf`. */
function guard(part: string, body: () => void): void {
  try {
    body();
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new KeyFileError('keyfile/bad-protobuf', `${part} is not a valid protobuf: ${detail}`, { cause: error });
  }
}

function checkInt(value: unknown, name: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${name} must be an integer`);
  if (value < min || value > max) throw new RangeError(`${name} must be in [${min}, ${max}], got ${value}`);
}

function checkTimestamp(value: unknown, name: string): void {
  checkInt(value, name, 0, Number.MAX_SAFE_INTEGER);
}

function checkString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  return value;
}
