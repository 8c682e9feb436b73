/**
 * The result and error types shared by every QR decoder in this package
 * (the real-world formats and healthtrace's own signed formats).
 */
import { HealthtraceError, type HealthtraceErrorOptions } from '@healthtrace/core';

/**
 * Outcome of checking a decoded code's signature:
 * - `valid`: a signature was present and verified against a supplied key;
 * - `invalid`: a signature was present and did not verify (or its key was not trusted);
 * - `unverified`: a signature was present but no key was supplied to check it;
 * - `absent`: the format carries no signature at all.
 */
export type SignatureStatus = 'valid' | 'invalid' | 'unverified' | 'absent';

/**
 * What every decoder returns.
 *
 * `fields` are normalised (dates as ISO 8601 strings, numbers as numbers, bytes as lower-case hex).
 * Some formats carry personal data (names, ID numbers, birth dates): the decoders never log it, and
 * callers should not either.
 */
export interface DecodeResult {
  /** Format identifier, e.g. `"eu-dcc"`, `"uk-nhs-venue"`, `"healthtrace-venue"`. */
  format: string;
  /** The decoded content, normalised. */
  fields: Record<string, unknown>;
  /** Signature check outcome. */
  signature: SignatureStatus;
  /** Non-fatal findings (e.g. `"expired"`, `"unknown-key"`, `"future-version"`). */
  warnings: string[];
}

/**
 * Stable error codes of {@link QrDecodeError}.
 * - `qr/unrecognised`: the text matches no supported format;
 * - `qr/bad-prefix`: the text starts like a known format but its prefix/scheme is wrong;
 * - `qr/bad-encoding`: a text layer (base45, base64, numeric, percent-encoding, JSON) is malformed;
 * - `qr/bad-compression`: a zlib/DEFLATE layer is malformed;
 * - `qr/bad-structure`: a binary/structured layer (CBOR, COSE, protobuf, JWS, field list) is malformed;
 * - `qr/bad-field`: a field has an invalid value;
 * - `qr/unsupported-version`: the format version is not supported;
 * - `qr/bad-signature`: a signature that must verify did not (only where a decoder is asked to require it);
 * - `qr/expired`: the code is outside its validity (only where a decoder is asked to require it).
 */
export type QrDecodeErrorCode =
  | 'qr/unrecognised'
  | 'qr/bad-prefix'
  | 'qr/bad-encoding'
  | 'qr/bad-compression'
  | 'qr/bad-structure'
  | 'qr/bad-field'
  | 'qr/unsupported-version'
  | 'qr/bad-signature'
  | 'qr/expired';

/**
 * The only error the decoders throw for bad input. `code` is one of {@link QrDecodeErrorCode};
 * `format` names the format being decoded when the failure happened (if known).
 *
 * @example
 * ```ts
 * try {
 *   decodeEuDcc(text);
 * } catch (error) {
 *   if (error instanceof QrDecodeError) console.log(error.code); // e.g. "qr/bad-encoding"
 * }
 * ```
 */
export class QrDecodeError extends HealthtraceError {
  /** Stable code (see {@link QrDecodeErrorCode}). */
  declare readonly code: QrDecodeErrorCode;
  /** The format being decoded when decoding failed, if known. */
  readonly format: string | undefined;

  /**
   * @param code - stable error code.
   * @param message - human-readable explanation (never contains personal data from the code).
   * @param format - the format being decoded, if known.
   * @param options - optional `cause`.
   */
  constructor(code: QrDecodeErrorCode, message: string, format?: string, options?: HealthtraceErrorOptions) {
    super(code, message, options);
    this.format = format;
  }
}
