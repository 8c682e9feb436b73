import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportVerificationKeyPem, importSigningKeyPem, type SigningKey } from '@healthtrace/rolling-id';
import type { ServerConfig } from '../config';
import type { ServerDeps } from '../http/context';
import { keyServerSettings } from './settings';

/** The keys of the key server. */
export interface KeyServerKeys {
  /** Signs export files (ECDSA P-256), with its key id and version. */
  exportSigning: SigningKey;
  /** SPKI PEM of the export signing key. */
  exportPublicKeyPem: string;
  /** Signs verification tokens and certificates (ES256). */
  verificationPrivateKey: KeyObject;
  /** Verifies them. */
  verificationPublicKey: KeyObject;
  /** `kid` of the verification key (first 16 hex digits of the SHA-256 of its SPKI). */
  verificationKeyId: string;
}

/** One entry of `exportSigning` in `GET /v1/public-keys`. */
export interface ExportSigningPublicKey {
  /** `verification_key_id` of the files. */
  keyId: string;
  /** `verification_key_version` of the files. */
  keyVersion: string;
  /** ECDSA P-256 with SHA-256. */
  algorithm: '1.2.840.10045.4.3.2';
  /** SPKI PEM. */
  publicKeyPem: string;
}

const cache = new WeakMap<ServerConfig, KeyServerKeys>();

/**
 * Reads a PKCS#8 PEM private key from `file`, or — when no file is configured — from
 * `<dataDir>/keys/<devName>`, generating a fresh P-256 key there (mode 0600) on first start.
 */
function loadOrCreatePem(file: string | undefined, dataDir: string, devName: string): string {
  if (file) return readFileSync(file, 'utf8');
  const dir = join(dataDir, 'keys');
  const path = join(dir, devName);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
    return pem;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as { code?: string }).code === 'EEXIST') return readFileSync(path, 'utf8');
    throw error;
  }
}

/**
 * The key server's signing keys: from the configured PKCS#8 PEM files, else generated once
 * under `<dataDir>/keys/` (development). Cached per configuration.
 *
 * @param config - the server configuration.
 * @returns the keys.
 * @throws KeyFileError (`keyfile/bad-key`) when a configured file is not a P-256 private key.
 * @example
 * ```ts
 * const { exportSigning } = keyServerKeys(deps.config);
 * ```
 */
export function keyServerKeys(config: ServerConfig): KeyServerKeys {
  const cached = cache.get(config);
  if (cached) return cached;
  const settings = keyServerSettings(config);
  const exportPem = loadOrCreatePem(settings.exportSigningKeyFile, config.dataDir, 'export-signing-key.pem');
  const exportSigning = importSigningKeyPem(exportPem, { keyId: settings.exportKeyId, keyVersion: settings.exportKeyVersion });
  const verificationPem = loadOrCreatePem(settings.verificationSigningKeyFile, config.dataDir, 'verification-signing-key.pem');
  const verificationPrivateKey = createPrivateKey(verificationPem);
  const verificationPublicKey = createPublicKey(verificationPrivateKey);
  const spki = verificationPublicKey.export({ type: 'spki', format: 'der' });
  const keys: KeyServerKeys = {
    exportSigning,
    exportPublicKeyPem: exportVerificationKeyPem(exportSigning.publicKey),
    verificationPrivateKey,
    verificationPublicKey,
    verificationKeyId: createHash('sha256').update(spki).digest('hex').slice(0, 16),
  };
  cache.set(config, keys);
  return keys;
}

/**
 * The `exportSigning` list of `GET /v1/public-keys`: the key that signs export files, with the id
 * and version phones select it by (`verification_key_id`-`verification_key_version`).
 *
 * @param deps - the server's dependencies.
 * @returns one entry per export signing key.
 * @example
 * ```ts
 * return c.json({ exportSigning: exportSigningPublicKeys(deps), qrTrustList });
 * ```
 */
export function exportSigningPublicKeys(deps: Pick<ServerDeps, 'config'>): ExportSigningPublicKey[] {
  const keys = keyServerKeys(deps.config);
  return [
    {
      keyId: keys.exportSigning.keyId ?? '',
      keyVersion: keys.exportSigning.keyVersion ?? '',
      algorithm: '1.2.840.10045.4.3.2',
      publicKeyPem: keys.exportPublicKeyPem,
    },
  ];
}
