/** One Temporary Exposure Key as carried in a GAEN key export (`TemporaryExposureKey` message). */
export interface TemporaryExposureKey {
  /** The 16-byte TEK. Keys decoded from a file are views into the file's bytes (not copies). */
  keyData: Uint8Array;
  /** ENIntervalNumber of the key's first interval (absent in the file means 0). */
  rollingStartIntervalNumber: number;
  /** Number of 10-minute intervals the key is valid for, 1..144 (absent in the file means 144). */
  rollingPeriod: number;
  /** Deprecated transmission risk level, 0..8 (`undefined` when the field is absent). */
  transmissionRiskLevel?: number;
  /** Report type 0..5 (UNKNOWN, CONFIRMED_TEST, CONFIRMED_CLINICAL_DIAGNOSIS, SELF_REPORT, RECURSIVE, REVOKED). */
  reportType?: number;
  /** Days since onset of symptoms (`sint32`, ZigZag-encoded on the wire). */
  daysSinceOnsetOfSymptoms?: number;
}

/** Identifies the key that signed an export (`SignatureInfo` message). */
export interface SignatureInfo {
  /** Key version, e.g. `"v1"`. */
  verificationKeyVersion?: string;
  /** Key id, often a mobile country code, e.g. `"310"`. */
  verificationKeyId?: string;
  /** Algorithm OID, `"1.2.840.10045.4.3.2"` (ECDSA P-256 with SHA-256). */
  signatureAlgorithm?: string;
}

/** The decoded content of `export.bin` (`TemporaryExposureKeyExport` message). */
export interface KeyExport {
  /** Start of the time window covered, Unix seconds. */
  startTimestamp: number;
  /** End of the time window covered, Unix seconds. */
  endTimestamp: number;
  /** Region, e.g. `"US"`, `"VN"`. */
  region: string;
  /** 1-based number of this file in its batch. */
  batchNum: number;
  /** Number of files in the batch. */
  batchSize: number;
  /** The keys that sign this file (one per signer). */
  signatureInfos: SignatureInfo[];
  /** Diagnosis keys. */
  keys: TemporaryExposureKey[];
  /** Keys whose report type or other metadata was revised. */
  revisedKeys: TemporaryExposureKey[];
}

/** One signature of `export.sig` (`TEKSignature` message). */
export interface TekSignature {
  /** Which key made the signature. */
  signatureInfo: SignatureInfo;
  /** Batch number the signature was made for. */
  batchNum: number;
  /** Batch size the signature was made for. */
  batchSize: number;
  /** DER-encoded ECDSA signature (ASN.1 SEQUENCE of two INTEGERs). */
  signature: Uint8Array;
}

/** A P-256 private key with the identifiers written into `SignatureInfo`. */
export interface SigningKey {
  /** 32-byte P-256 private scalar. */
  privateKey: Uint8Array;
  /** 65-byte uncompressed public key (derived from `privateKey`). */
  publicKey: Uint8Array;
  /** `verification_key_id`, e.g. `"310"`. */
  keyId?: string;
  /** `verification_key_version`, e.g. `"v1"`. */
  keyVersion?: string;
}

/** A P-256 public key, optionally bound to the key id and version it verifies. */
export interface VerificationKey {
  /** 65-byte uncompressed (or 33-byte compressed) P-256 point. */
  publicKey: Uint8Array;
  /** When set, the key only verifies signatures whose `verificationKeyId` equals it. */
  keyId?: string;
  /** When set, the key only verifies signatures whose `verificationKeyVersion` equals it. */
  keyVersion?: string;
}
