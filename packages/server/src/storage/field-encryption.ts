import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { FieldKey } from '../config';
import { pooledRandomBytes } from './random-pool';

/**
 * Encrypts personal fields at rest with AES-256-GCM. A ciphertext is
 * `v1.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>`; the additional data binds it to its
 * row (e.g. `declaration:<id>`), so a ciphertext moved to another row fails to decrypt.
 * The first key encrypts; every key decrypts, which is how keys are rotated.
 */
export interface FieldCipher {
  /** Encrypts `plaintext` bound to `aad`. */
  encrypt(plaintext: string, aad: string): string;
  /** Decrypts; throws when the key is unknown or the data was tampered with. */
  decrypt(ciphertext: string, aad: string): string;
  /** Whether `ciphertext` was made with an older key (to re-encrypt during rotation). */
  needsRotation(ciphertext: string): boolean;
  /**
   * The key that encrypts (id and bytes), for a database thread that seals fields itself
   * (`Database.queryWithSealedFields`, same format). Optional: a cipher whose keys live elsewhere
   * (a KMS) leaves it out, and fields are then sealed with {@link FieldCipher.encrypt}.
   */
  currentKey?(): FieldKey;
}

/**
 * Creates the field cipher.
 *
 * @param keys - keys, current first (each 32 bytes).
 * @returns the cipher.
 * @throws RangeError when no key is given or a key is not 32 bytes.
 * @example
 * ```ts
 * const cipher = createFieldCipher(config.fieldKeys);
 * const stored = cipher.encrypt(JSON.stringify(personal), `declaration:${id}`);
 * ```
 */
export function createFieldCipher(keys: readonly FieldKey[]): FieldCipher {
  if (keys.length === 0) throw new RangeError('keys must not be empty');
  const byId = new Map<string, Uint8Array>();
  for (const k of keys) {
    if (k.key.length !== 32) throw new RangeError(`key ${k.id} must be 32 bytes`);
    if (!/^[A-Za-z0-9_-]+$/.test(k.id)) throw new RangeError(`key id ${k.id} must be [A-Za-z0-9_-]+`);
    byId.set(k.id, k.key);
  }
  const current = keys[0] as FieldKey;
  return {
    encrypt(plaintext, aad) {
      const iv = pooledRandomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1.${current.id}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
    },
    decrypt(ciphertext, aad) {
      const [version, keyId, payload] = ciphertext.split('.');
      const key = keyId === undefined ? undefined : byId.get(keyId);
      if (version !== 'v1' || key === undefined || payload === undefined) throw new Error('field ciphertext has an unknown format or key');
      const raw = Buffer.from(payload, 'base64url');
      if (raw.length < 28) throw new Error('field ciphertext is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    },
    needsRotation(ciphertext) {
      return !ciphertext.startsWith(`v1.${current.id}.`);
    },
    currentKey() {
      return current;
    },
  };
}
