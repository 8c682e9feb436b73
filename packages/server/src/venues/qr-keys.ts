/**
 * The server's QR signing keys: an Ed25519 issuer key that signs venue QR codes (and personal QR
 * codes), and the root key that signs the trust list phones and venue staff verify them with.
 */
import { join } from 'node:path';
import { createTrustList, ed25519PublicKey, serializeTrustList, type TrustList } from '@healthtrace/qr';
import { devSecret } from '../config';
import type { ServerDeps } from '../http/context';

/** The QR keys of one server. */
export interface QrKeys {
  /** 32-byte Ed25519 secret key of the QR issuer. */
  issuerSecretKey: Uint8Array;
  /** Its public key. */
  issuerPublicKey: Uint8Array;
  /** 32-byte Ed25519 public key of the trust-list root. */
  rootPublicKey: Uint8Array;
  /**
   * The trust list valid at `now` (issued at the start of that UTC day, valid 7 days; cached per day).
   *
   * @param now - the time.
   * @returns the signed list and its JSON form.
   */
  trustList(now: Date): { list: TrustList; json: Record<string, unknown> };
}

const DAY_MS = 86_400_000;
/** Validity of the trust list a server hands out. */
export const TRUST_LIST_DAYS = 7;
/** Start of the issuer key's validity in the dev trust list. */
const ISSUER_NOT_BEFORE = new Date('2020-01-01T00:00:00.000Z');
/** The issuer key stays valid this long after the list expires, covering venue QR validity (≤ 730 days). */
const ISSUER_TAIL_DAYS = 731;

const cache = new WeakMap<ServerDeps, QrKeys>();

function keyFromEnv(value: string | undefined, name: string): Uint8Array | undefined {
  if (value === undefined || value === '') return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 32) throw new TypeError(`${name} must be base64 of 32 bytes`);
  return new Uint8Array(bytes);
}

/**
 * The QR keys of a server: from `HEALTHTRACE_QR_ISSUER_KEY` / `HEALTHTRACE_QR_ROOT_KEY` (base64 of
 * 32-byte Ed25519 seeds) when set, otherwise generated once under `<dataDir>/keys/` (mode 0600),
 * like the other development secrets.
 *
 * @param deps - the server's dependencies.
 * @param env - the environment (default `process.env`).
 * @returns the keys (cached per server).
 * @throws TypeError when an environment key is malformed.
 * @example
 * ```ts
 * const { trustList } = qrKeysOf(deps);
 * const { json } = trustList(deps.now());
 * ```
 */
export function qrKeysOf(deps: ServerDeps, env: NodeJS.ProcessEnv = process.env): QrKeys {
  const known = cache.get(deps);
  if (known) return known;
  const dir = join(deps.config.dataDir, 'keys');
  const issuerSecretKey = keyFromEnv(env.HEALTHTRACE_QR_ISSUER_KEY, 'HEALTHTRACE_QR_ISSUER_KEY') ?? devSecret(dir, 'qr-issuer-ed25519', 32);
  const rootSecretKey = keyFromEnv(env.HEALTHTRACE_QR_ROOT_KEY, 'HEALTHTRACE_QR_ROOT_KEY') ?? devSecret(dir, 'qr-root-ed25519', 32);
  const issuerPublicKey = ed25519PublicKey(issuerSecretKey);
  let day = Number.NaN;
  let current: { list: TrustList; json: Record<string, unknown> } | undefined;
  const keys: QrKeys = {
    issuerSecretKey,
    issuerPublicKey,
    rootPublicKey: ed25519PublicKey(rootSecretKey),
    trustList(now) {
      const today = Math.floor(now.getTime() / DAY_MS);
      if (current === undefined || today !== day) {
        const issuedAt = new Date(today * DAY_MS);
        const expiresAt = new Date((today + TRUST_LIST_DAYS) * DAY_MS);
        const list = createTrustList(
          {
            issuedAt,
            expiresAt,
            keys: [
              {
                publicKey: issuerPublicKey,
                name: deps.config.healthAuthorityId,
                notBefore: ISSUER_NOT_BEFORE,
                notAfter: new Date(expiresAt.getTime() + ISSUER_TAIL_DAYS * DAY_MS),
              },
            ],
          },
          rootSecretKey,
        );
        current = { list, json: JSON.parse(serializeTrustList(list)) as Record<string, unknown> };
        day = today;
      }
      return current;
    },
  };
  cache.set(deps, keys);
  return keys;
}
