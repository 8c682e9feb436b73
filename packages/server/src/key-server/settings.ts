import type { ServerConfig } from '../config';

/**
 * Settings of the key server (verification, publishing, exports). They live under an optional
 * `keyServer` member of the server configuration; every field has a default, and the key files,
 * ids and region can also come from the environment (`HEALTHTRACE_EXPORT_SIGNING_KEY_FILE`,
 * `HEALTHTRACE_EXPORT_KEY_ID`, `HEALTHTRACE_EXPORT_KEY_VERSION`, `HEALTHTRACE_EXPORT_REGION`,
 * `HEALTHTRACE_VERIFICATION_KEY_FILE`).
 */
export interface KeyServerConfig {
  /** Minutes a verification code stays valid (default 60). */
  codeTtlMinutes: number;
  /** Minutes the token returned by `verify` stays valid (default 60). */
  tokenTtlMinutes: number;
  /** Minutes a certificate stays valid (default 15). */
  certificateTtlMinutes: number;
  /** Failed `verify` attempts one client IP may make per window before 429 (default 10). */
  verifyFailuresPerIp: number;
  /** Failed `verify` attempts all clients together may make per window before 429 (default 1,000). */
  verifyFailuresGlobal: number;
  /** Length of the attempt-counting window in minutes (default 15). */
  verifyWindowMinutes: number;
  /** PKCS#8 PEM of the ES256 key that signs tokens and certificates (default: generated under `<dataDir>/keys/`). */
  verificationSigningKeyFile?: string | undefined;
  /** PKCS#8 PEM of the ECDSA P-256 key that signs export files (default: generated under `<dataDir>/keys/`). */
  exportSigningKeyFile?: string | undefined;
  /** `verification_key_id` written into export files (default `"452"`, Viet Nam's MCC). */
  exportKeyId: string;
  /** `verification_key_version` written into export files (default `"v1"`). */
  exportKeyVersion: string;
  /** Region written into export files (default `"VN"`). */
  exportRegion: string;
  /** Export files are padded to at least this many keys (default 1,000, as Google's server). */
  exportMinKeys: number;
  /** Up to this many extra random padding keys (default 100, as Google's server). */
  exportPaddingJitter: number;
  /** At most this many keys per file (default 500,000, as Google's server). */
  exportMaxKeysPerFile: number;
  /** Days export files and published keys are kept (default 15). */
  retentionDays: number;
  /** Symptom onset assumed when neither certificate nor request gives one, in days before the publish (default 4, as Google's server). */
  symptomOnsetDaysAgo: number;
}

/** A server configuration that may carry key-server settings. */
export type ConfigWithKeyServer = ServerConfig & { keyServer?: Partial<KeyServerConfig> };

const DEFAULTS: KeyServerConfig = {
  codeTtlMinutes: 60,
  tokenTtlMinutes: 60,
  certificateTtlMinutes: 15,
  verifyFailuresPerIp: 10,
  verifyFailuresGlobal: 1000,
  verifyWindowMinutes: 15,
  exportKeyId: '452',
  exportKeyVersion: 'v1',
  exportRegion: 'VN',
  exportMinKeys: 1000,
  exportPaddingJitter: 100,
  exportMaxKeysPerFile: 500_000,
  retentionDays: 15,
  symptomOnsetDaysAgo: 4,
};

const cache = new WeakMap<ServerConfig, KeyServerConfig>();

/**
 * The key-server settings of a configuration: `config.keyServer`, then the environment, then defaults.
 *
 * @param config - the server configuration.
 * @param env - the environment (default `process.env`).
 * @returns the complete settings.
 * @example
 * ```ts
 * const { exportRegion } = keyServerSettings(deps.config);
 * ```
 */
export function keyServerSettings(config: ServerConfig, env: NodeJS.ProcessEnv = process.env): KeyServerConfig {
  const cached = cache.get(config);
  if (cached) return cached;
  const own = (config as ConfigWithKeyServer).keyServer ?? {};
  const settings: KeyServerConfig = {
    ...DEFAULTS,
    verificationSigningKeyFile: env.HEALTHTRACE_VERIFICATION_KEY_FILE || undefined,
    exportSigningKeyFile: env.HEALTHTRACE_EXPORT_SIGNING_KEY_FILE || undefined,
    ...(env.HEALTHTRACE_EXPORT_KEY_ID ? { exportKeyId: env.HEALTHTRACE_EXPORT_KEY_ID } : {}),
    ...(env.HEALTHTRACE_EXPORT_KEY_VERSION ? { exportKeyVersion: env.HEALTHTRACE_EXPORT_KEY_VERSION } : {}),
    ...(env.HEALTHTRACE_EXPORT_REGION ? { exportRegion: env.HEALTHTRACE_EXPORT_REGION } : {}),
    ...own,
  };
  cache.set(config, settings);
  return settings;
}
