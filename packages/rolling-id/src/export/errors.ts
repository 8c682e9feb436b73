import { HealthtraceError, type HealthtraceErrorOptions } from '@healthtrace/core';

/**
 * Stable codes of {@link KeyFileError}. Messages may change between releases; codes do not.
 *
 * - `keyfile/bad-zip`: not a readable zip archive (or an unsupported zip feature).
 * - `keyfile/missing-entry`: `export.bin` or `export.sig` is missing (or present twice).
 * - `keyfile/entry-too-large`: a zip entry exceeds the size cap (zip-bomb protection).
 * - `keyfile/bad-header`: `export.bin` does not start with `"EK Export v1    "`.
 * - `keyfile/bad-protobuf`: truncated or invalid protobuf in `export.bin` or `export.sig`.
 * - `keyfile/out-of-range`: a field is outside its allowed range (key length, rolling period, TRL, report type, …).
 * - `keyfile/duplicate-key`: the same key data appears twice in one key list.
 * - `keyfile/missing-signature`: `export.sig` holds no signature (or fewer than the signature infos).
 * - `keyfile/unknown-key-id`: no supplied verification key matches a signature's key id and version.
 * - `keyfile/bad-algorithm`: a signature names an algorithm OID other than ECDSA P-256 / SHA-256.
 * - `keyfile/bad-signature`: a signature does not verify over `export.bin`.
 * - `keyfile/bad-key`: a PEM/DER key cannot be imported (wrong format, wrong curve, invalid point).
 */
export type KeyFileErrorCode =
  | 'keyfile/bad-zip'
  | 'keyfile/missing-entry'
  | 'keyfile/entry-too-large'
  | 'keyfile/bad-header'
  | 'keyfile/bad-protobuf'
  | 'keyfile/out-of-range'
  | 'keyfile/duplicate-key'
  | 'keyfile/missing-signature'
  | 'keyfile/unknown-key-id'
  | 'keyfile/bad-algorithm'
  | 'keyfile/bad-signature'
  | 'keyfile/bad-key';

/**
 * A malformed, unsupported or wrongly signed diagnosis-key file (GAEN `export.zip`), or a key
 * that cannot be imported. `code` is stable; `reason` is a short human-readable explanation.
 *
 * @example
 * ```ts
 * try {
 *   parseKeyFileZip(bytes);
 * } catch (error) {
 *   if (error instanceof KeyFileError) console.log(error.code, error.reason);
 * }
 * ```
 */
export class KeyFileError extends HealthtraceError {
  /** Stable machine-readable code, see {@link KeyFileErrorCode}. */
  declare readonly code: KeyFileErrorCode;
  /** Short human-readable explanation (same text as `message`). */
  readonly reason: string;

  /**
   * @param code - stable error code.
   * @param reason - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: KeyFileErrorCode, reason: string, options?: HealthtraceErrorOptions) {
    super(code, reason, options);
    this.reason = reason;
  }
}
