/**
 * Errors of healthtrace's own QR formats that are not decoding failures (decoding failures are
 * {@link QrDecodeError}s, shared with the real-world decoders).
 */
import { HealthtraceError, type HealthtraceErrorOptions } from '@healthtrace/core';

/**
 * Stable codes of {@link QrError}:
 * - `qr/trust-list-malformed`: a trust list is not valid JSON of the documented shape;
 * - `qr/trust-list-bad-signature`: a trust list's root signature does not verify;
 * - `qr/trust-list-expired`: a trust list is outside its validity period;
 * - `qr/seal-open-failed`: sealed contact data could not be opened (wrong key or tampered);
 * - `qr/too-large`: the content does not fit the format's limits (e.g. a name over 100 bytes).
 */
export type QrErrorCode =
  | 'qr/trust-list-malformed'
  | 'qr/trust-list-bad-signature'
  | 'qr/trust-list-expired'
  | 'qr/seal-open-failed'
  | 'qr/too-large';

/**
 * A domain error of the healthtrace QR formats (trust lists, sealing, limits).
 *
 * @example
 * ```ts
 * try {
 *   verifyTrustList(json, rootPublicKey);
 * } catch (error) {
 *   if (error instanceof QrError && error.code === 'qr/trust-list-bad-signature') reject();
 * }
 * ```
 */
export class QrError extends HealthtraceError {
  /** Stable code (see {@link QrErrorCode}). */
  declare readonly code: QrErrorCode;

  /**
   * @param code - stable error code.
   * @param message - human-readable explanation.
   * @param options - optional `cause`.
   */
  constructor(code: QrErrorCode, message: string, options?: HealthtraceErrorOptions) {
    super(code, message, options);
  }
}
