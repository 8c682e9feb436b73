/**
 * @healthtrace/qr — see the package README for what this package provides.
 *
 * @packageDocumentation
 */

/** The npm name of this package. */
export const PACKAGE_NAME = '@healthtrace/qr' as const;
export {
  type DecodeResult,
  QrDecodeError,
  type QrDecodeErrorCode,
  type SignatureStatus,
} from './decoders/types';
