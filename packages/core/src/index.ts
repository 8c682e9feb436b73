/**
 * Shared foundations of the healthtrace SDK: the {@link HealthtraceError} base class
 * that every domain error extends, and byte helpers (hex, base64, UTF-8, argument checks).
 *
 * @packageDocumentation
 */

export {
  assertBytes,
  assertInteger,
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  bytesToUtf8,
  compareBytes,
  concatBytes,
  equalBytes,
  hexToBytes,
  isHex,
  utf8ToBytes,
  wipe,
} from './bytes';
export { HealthtraceError, type HealthtraceErrorOptions } from './errors';
