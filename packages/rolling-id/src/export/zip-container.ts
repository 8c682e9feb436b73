/**
 * The `export.zip` container: exactly two entries, `export.bin` and `export.sig`.
 *
 * Writing uses fflate's `zipSync`. Reading walks the zip's central directory here and hands each
 * entry to fflate's `inflateSync` with a fixed-size output buffer, because `unzipSync` alone does not
 * bound what a hostile archive can make us do: we cap the entry count, reject ZIP64, cap every
 * entry's declared size (zip-bomb protection: the output buffer can never grow past the cap) and
 * check each entry's CRC-32 and length.
 */
import { inflateSync, zipSync } from 'fflate';
import { nodeZlib } from '../node-builtins';
import { KeyFileError } from './errors';

/** Name of the key-file entry inside the zip. */
export const EXPORT_BIN_NAME = 'export.bin' as const;
/** Name of the signature entry inside the zip. */
export const EXPORT_SIG_NAME = 'export.sig' as const;

/** Default cap on the uncompressed size of `export.bin`: 64 MiB (Google's 500,000-key maximum is ~15 MB). */
export const DEFAULT_MAX_EXPORT_BIN_BYTES: number = 64 * 1024 * 1024;
/** Cap on the uncompressed size of `export.sig` (a few signatures of ~110 bytes each). */
const MAX_EXPORT_SIG_BYTES = 64 * 1024;
/** A key-file zip has two entries; allow a few extra (ignored) ones, never thousands. */
const MAX_ENTRIES = 16;

/** Options for reading a key-file zip. */
export interface ReadZipOptions {
  /** Cap on the uncompressed size of `export.bin` (default {@link DEFAULT_MAX_EXPORT_BIN_BYTES}). */
  maxExportBinBytes?: number;
}

/** The two raw entries of a key-file zip. */
export interface KeyFileEntries {
  /** `export.bin` (header + protobuf). */
  exportBin: Uint8Array;
  /** `export.sig`, or `undefined` when the zip has none. */
  exportSig: Uint8Array | undefined;
}

/**
 * Reads the raw `export.bin` and `export.sig` entries of a key-file zip.
 *
 * @param zip - the zip bytes.
 * @param options - size caps.
 * @returns both entries (`exportSig` is `undefined` when absent).
 * @throws TypeError when `zip` is not a `Uint8Array`.
 * @throws KeyFileError `keyfile/bad-zip`, `keyfile/missing-entry` (no `export.bin`, or a duplicated entry)
 *   or `keyfile/entry-too-large`.
 * @example
 * ```ts
 * const { exportBin, exportSig } = readKeyFileEntries(zipBytes);
 * ```
 */
export function readKeyFileEntries(zip: Uint8Array, options?: ReadZipOptions): KeyFileEntries {
  if (!(zip instanceof Uint8Array)) throw new TypeError('zip must be a Uint8Array');
  const maxBin = options?.maxExportBinBytes ?? DEFAULT_MAX_EXPORT_BIN_BYTES;
  if (typeof maxBin !== 'number' || !(maxBin >= 0)) throw new RangeError('options.maxExportBinBytes must be >= 0');
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = findEndOfCentralDirectory(zip, dv);
  const count = dv.getUint16(eocd + 10, true);
  const cdSize = dv.getUint32(eocd + 12, true);
  const cdOffset = dv.getUint32(eocd + 16, true);
  if (count > MAX_ENTRIES) throw badZip(`the zip has ${count} entries, a key file has 2`);
  if (cdOffset + cdSize > eocd) throw badZip('the central directory lies outside the archive');
  let exportBin: Uint8Array | undefined;
  let exportSig: Uint8Array | undefined;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || dv.getUint32(p, true) !== 0x02014b50) throw badZip(`bad central directory entry ${i}`);
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc = dv.getUint32(p + 16, true);
    const compressedSize = dv.getUint32(p + 20, true);
    const size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const localOffset = dv.getUint32(p + 42, true);
    const nameEnd = p + 46 + nameLen;
    if (nameEnd > eocd) throw badZip(`central directory entry ${i} is truncated`);
    const name = latin1(zip.subarray(p + 46, nameEnd));
    p = nameEnd + extraLen + commentLen;
    if (name !== EXPORT_BIN_NAME && name !== EXPORT_SIG_NAME) continue;
    if ((name === EXPORT_BIN_NAME ? exportBin : exportSig) !== undefined) {
      throw new KeyFileError('keyfile/missing-entry', `the zip holds ${name} more than once`);
    }
    const cap = name === EXPORT_BIN_NAME ? maxBin : MAX_EXPORT_SIG_BYTES;
    if (size > cap || (method === 0 && compressedSize > cap)) {
      throw new KeyFileError('keyfile/entry-too-large', `${name} declares ${size} bytes, more than the ${cap}-byte cap`);
    }
    if (flags & 1) throw badZip(`${name} is encrypted`);
    const data = readEntry(zip, dv, name, method, localOffset, compressedSize, size);
    if (crc32(data) !== crc) throw badZip(`${name} fails its CRC-32 check`);
    if (name === EXPORT_BIN_NAME) exportBin = data;
    else exportSig = data;
  }
  if (exportBin === undefined) throw new KeyFileError('keyfile/missing-entry', 'the zip has no export.bin');
  return { exportBin, exportSig };
}

/**
 * Packs `export.bin` and `export.sig` into a key-file zip (deflate, fixed 1980-01-01 timestamps
 * so equal inputs give equal zips).
 *
 * @param exportBin - the `export.bin` bytes.
 * @param exportSig - the `export.sig` bytes.
 * @returns the zip bytes.
 * @throws TypeError when an argument is not a `Uint8Array`.
 * @example
 * ```ts
 * const zip = writeKeyFileZip(encodeExportBin(exp), encodeSignatureList(signatures));
 * ```
 */
export function writeKeyFileZip(exportBin: Uint8Array, exportSig: Uint8Array): Uint8Array {
  if (!(exportBin instanceof Uint8Array)) throw new TypeError('exportBin must be a Uint8Array');
  if (!(exportSig instanceof Uint8Array)) throw new TypeError('exportSig must be a Uint8Array');
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  return zipSync({ [EXPORT_BIN_NAME]: exportBin, [EXPORT_SIG_NAME]: exportSig }, { level: 6, mtime });
}

function findEndOfCentralDirectory(zip: Uint8Array, dv: DataView): number {
  if (zip.length < 22) throw badZip(`${zip.length} bytes is too short for a zip`);
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  for (let e = zip.length - 22; e >= stop; e--) {
    if (dv.getUint32(e, true) === 0x06054b50) {
      if (e >= 20 && dv.getUint32(e - 20, true) === 0x07064b50) throw badZip('ZIP64 archives are not supported');
      return e;
    }
  }
  throw badZip('no end-of-central-directory record (not a zip)');
}

function readEntry(
  zip: Uint8Array,
  dv: DataView,
  name: string,
  method: number,
  localOffset: number,
  compressedSize: number,
  size: number,
): Uint8Array {
  if (localOffset + 30 > zip.length || dv.getUint32(localOffset, true) !== 0x04034b50) {
    throw badZip(`bad local header for ${name}`);
  }
  const start = localOffset + 30 + dv.getUint16(localOffset + 26, true) + dv.getUint16(localOffset + 28, true);
  if (start + compressedSize > zip.length) throw badZip(`${name} is truncated`);
  const raw = zip.subarray(start, start + compressedSize);
  let data: Uint8Array;
  if (method === 0) {
    data = raw;
  } else if (method === 8) {
    try {
      // Memory is bounded by the declared (capped) size: node:zlib stops at maxOutputLength, and fflate writes into
      // a fixed-size buffer it cannot grow. node:zlib is native and ~3x faster on national key files.
      const zlib = nodeZlib();
      data =
        zlib !== undefined
          ? zlib.inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) })
          : inflateSync(raw, { out: new Uint8Array(size) });
    } catch (error) {
      throw badZip(`${name} is not valid deflate data: ${(error as Error).message}`, error);
    }
  } else {
    throw badZip(`${name} uses unsupported compression method ${method}`);
  }
  if (data.length !== size) throw badZip(`${name} is ${data.length} bytes, the zip says ${size}`);
  return data;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function badZip(reason: string, cause?: unknown): KeyFileError {
  return new KeyFileError('keyfile/bad-zip', reason, cause === undefined ? undefined : { cause });
}

let crcTable: Int32Array | undefined;

/** CRC-32 (IEEE, as zip uses): `node:zlib`'s native one where present; fflate does not export its own. */
function crc32(data: Uint8Array): number {
  const native = nodeZlib()?.crc32;
  if (native !== undefined) return native(data) >>> 0;
  let table = crcTable;
  if (table === undefined) {
    table = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
    crcTable = table;
  }
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = (table[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
