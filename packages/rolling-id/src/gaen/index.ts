export type { CryptoBackendName } from './backend';
export { getCryptoBackend, setCryptoBackend } from './backend';
export {
  decryptAem,
  deriveAemk,
  deriveRpik,
  deriveRpis,
  deriveRpisForTeks,
  deriveTekKeys,
  encryptAem,
  generateTek,
  rpiForInterval,
} from './derive';
export { INTERVAL_SECONDS, intervalNumber, intervalStartMs, MAX_INTERVAL_NUMBER, ROLLING_PERIOD, rollingStartOfDay } from './intervals';
export type { KeyUploadOptions, StoredTek, TekKeyStoreOptions, TekKeyStoreSnapshot, TekStorage } from './key-store';
export { JsonTekStorage, MemoryTekStorage, TekKeyStore } from './key-store';
export type { GaenMetadata, GaenMetadataInput } from './metadata';
export { decodeMetadata, encodeMetadata } from './metadata';
export type { RpiPrefixScanner } from './prefix-filter';
export {
  createRpiPrefixFilter,
  createRpiPrefixScanner,
  deriveRpisMatchingPrefix,
  RPI_PREFIX_FILTER_BYTES,
  rpiPrefixBit,
} from './prefix-filter';
export { gaenScheme } from './scheme';
