import { assertBytes, assertInteger } from '@healthtrace/core';

/** GAEN associated metadata: the 4-byte plaintext of the AEM. */
export interface GaenMetadata {
  /** Major protocol version (bits 7–6 of byte 0); 1 for every published version. */
  majorVersion: number;
  /** Minor protocol version (bits 5–4 of byte 0): 0 for v1.0 (`0x40`), 1 for v1.1 (`0x50`). */
  minorVersion: number;
  /** Transmit power in dBm (byte 1, signed 8-bit). */
  txPowerDbm: number;
  /** TX-power calibration confidence (bits 3–2 of byte 0): 0 LOWEST, 1 LOW, 2 MEDIUM, 3 HIGH. */
  calibrationConfidence: number;
}

/** Input of {@link encodeMetadata}: the version defaults to v1.0, or v1.1 when a calibration confidence is given. */
export interface GaenMetadataInput {
  /** Major version, 0..3 (default 1). */
  majorVersion?: number;
  /** Minor version, 0..3 (default 0, or 1 when `calibrationConfidence` is given). */
  minorVersion?: number;
  /** Transmit power in dBm, -128..127. */
  txPowerDbm: number;
  /** Calibration confidence, 0..3 (default 0). */
  calibrationConfidence?: number;
}

/**
 * Encodes GAEN metadata: byte 0 = `major << 6 | minor << 4 | confidence << 2` (`0x40` for
 * v1.0, `0x50 | confidence << 2` for v1.1), byte 1 = TX power as int8, bytes 2–3 reserved (0).
 *
 * @param m - version, TX power and calibration confidence.
 * @returns 4 bytes.
 * @throws TypeError when a field is not an integer.
 * @throws RangeError when a field is out of range.
 * @example
 * ```ts
 * encodeMetadata({ txPowerDbm: 8 }); // 40 08 00 00
 * encodeMetadata({ txPowerDbm: -12, calibrationConfidence: 3 }); // 5c f4 00 00
 * ```
 */
export function encodeMetadata(m: GaenMetadataInput): Uint8Array {
  if (typeof m !== 'object' || m === null) throw new TypeError('metadata must be an object');
  const major = assertInteger(m.majorVersion ?? 1, 'majorVersion', 0, 3);
  const minor = assertInteger(m.minorVersion ?? (m.calibrationConfidence === undefined ? 0 : 1), 'minorVersion', 0, 3);
  const confidence = assertInteger(m.calibrationConfidence ?? 0, 'calibrationConfidence', 0, 3);
  const tx = assertInteger(m.txPowerDbm, 'txPowerDbm', -128, 127);
  return new Uint8Array([(major << 6) | (minor << 4) | (confidence << 2), tx & 0xff, 0, 0]);
}

/**
 * Decodes 4 bytes of GAEN metadata (the decrypted AEM). Reserved bits and bytes are ignored.
 *
 * @param bytes - 4 bytes.
 * @returns the version, TX power (signed) and calibration confidence.
 * @throws TypeError when `bytes` is not a `Uint8Array`.
 * @throws RangeError when `bytes` is not 4 bytes long.
 * @example
 * ```ts
 * decodeMetadata(hexToBytes('40080000')); // { majorVersion: 1, minorVersion: 0, txPowerDbm: 8, calibrationConfidence: 0 }
 * ```
 */
export function decodeMetadata(bytes: Uint8Array): GaenMetadata {
  assertBytes(bytes, 'metadata', 4);
  const b0 = bytes[0]!;
  return {
    majorVersion: b0 >>> 6,
    minorVersion: (b0 >>> 4) & 3,
    txPowerDbm: (bytes[1]! << 24) >> 24,
    calibrationConfidence: (b0 >>> 2) & 3,
  };
}
