export { KeyFileError, type KeyFileErrorCode } from './errors';
export {
  checkExportHeader,
  decodeExportBin,
  decodeSignatureList,
  type EncodeExportOptions,
  EXPORT_BIN_HEADER,
  encodeExportBin,
  encodeSignatureList,
  isValidKey,
  iterateExportKeys,
  SIGNATURE_ALGORITHM_P256_SHA256,
  sortByKeyData,
  validateKey,
} from './export-bin';
export {
  assertKeyFileSignature,
  type CreateKeyFilesOptions,
  createKeyFiles,
  type KeyFileVerification,
  type PaddingOptions,
  type ParsedKeyFile,
  parseKeyFileZip,
  signatureInfoOf,
  signExportBin,
  verifyKeyFile,
} from './key-files';
export { exportVerificationKeyPem, importSigningKeyPem, importVerificationKeyPem, type KeyIdentifiers } from './pem-keys';
export type { KeyExport, SignatureInfo, SigningKey, TekSignature, TemporaryExposureKey, VerificationKey } from './types';
export {
  DEFAULT_MAX_EXPORT_BIN_BYTES,
  EXPORT_BIN_NAME,
  EXPORT_SIG_NAME,
  type KeyFileEntries,
  type ReadZipOptions,
  readKeyFileEntries,
  writeKeyFileZip,
} from './zip-container';
