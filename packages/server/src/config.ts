import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** An AES-256-GCM key for personal fields at rest. */
export interface FieldKey {
  /** Key id stored with each ciphertext (for rotation). */
  id: string;
  /** 32 bytes. */
  key: Uint8Array;
}

/** Issuance of personal declaration QR codes (docs/spec/qr-v1.md §3) in declaration receipts. */
export interface PersonalQrConfig {
  /**
   * Whether the 201 receipt of a domestic or entry declaration carries a signed personal QR
   * (default `false`: signing costs about 0.8 ms of CPU per declaration, which the declaration
   * write path's throughput floor cannot afford by default).
   */
  enabled: boolean;
  /** How long an issued QR is accepted, in minutes, 1–1440 (default 1440: 24 hours). */
  lifetimeMinutes: number;
}

/** Everything the server is configured with. */
export interface ServerConfig {
  /** TCP port (default 8787). */
  port: number;
  /** Interface to listen on (default 127.0.0.1). */
  host: string;
  /** Folder for the embedded database, blobs and generated dev keys (default `./.healthtrace`). */
  dataDir: string;
  /** PostgreSQL URL; when set, PostgreSQL is used instead of the embedded database. */
  databaseUrl?: string | undefined;
  /** Field-encryption keys; the first encrypts, all decrypt (rotation). */
  fieldKeys: FieldKey[];
  /** Health-authority bearer tokens. */
  healthAuthorityTokens: string[];
  /** Allowed CORS origins (`*` for any; empty for none). */
  corsOrigins: string[];
  /** Days declarations and check-ins are kept (default 28). */
  retentionDays: number;
  /** Largest accepted request body in bytes (default 256 KiB). */
  bodyLimitBytes: number;
  /** Requests per minute per client IP on public endpoints (default 600). */
  rateLimitPerIpPerMinute: number;
  /** Requests per minute per API key (default 6,000). */
  rateLimitPerKeyPerMinute: number;
  /** Public base URL, used in QR codes and links (default `http://<host>:<port>`). */
  publicBaseUrl: string;
  /** Health-authority id expected in key publications (default `vn.healthtrace.dev`). */
  healthAuthorityId: string;
  /** Declaration options. */
  declarations: {
    /** Personal declaration QR issuance (default off, 24-hour lifetime). */
    personalQr: PersonalQrConfig;
  };
}

/** Command-line/environment overrides accepted by {@link loadConfig}. */
export type ConfigOverrides = Partial<
  Pick<ServerConfig, 'port' | 'host' | 'dataDir' | 'databaseUrl' | 'retentionDays' | 'publicBaseUrl'>
> & {
  /** Personal declaration QR issuance (each field overrides its environment variable). */
  personalQr?: Partial<PersonalQrConfig> | undefined;
};

/** Longest personal QR lifetime in minutes (the format's limit: 24 hours). */
export const MAX_PERSONAL_QR_LIFETIME_MINUTES = 1440;

/**
 * Builds the configuration from overrides, then environment variables
 * (`HEALTHTRACE_FIELD_KEYS` as `id:base64,id:base64`, `HEALTHTRACE_HA_TOKENS` comma-separated,
 * `HEALTHTRACE_CORS_ORIGINS`, `DATABASE_URL`, `HEALTHTRACE_PERSONAL_QR` as `true`/`false`,
 * `HEALTHTRACE_PERSONAL_QR_LIFETIME_MINUTES` as 1–1440), then defaults. With no keys configured (a
 * development start), keys are generated once and kept under `<dataDir>/keys/` with mode 0600,
 * so a fresh machine starts with no configuration at all.
 *
 * @param overrides - values from the command line.
 * @param env - the environment (default `process.env`).
 * @returns the configuration.
 * @throws TypeError when an environment value is malformed; RangeError when the personal QR
 *   lifetime is outside 1–1440 minutes.
 * @example
 * ```ts
 * const config = loadConfig({ port: 8787, dataDir: './.healthtrace' });
 * ```
 */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = overrides.port ?? intEnv(env.HEALTHTRACE_PORT, 'HEALTHTRACE_PORT') ?? 8787;
  const host = overrides.host ?? env.HEALTHTRACE_HOST ?? '127.0.0.1';
  const dataDir = resolve(overrides.dataDir ?? env.HEALTHTRACE_DATA_DIR ?? '.healthtrace');
  const keysDir = join(dataDir, 'keys');
  const fieldKeys = env.HEALTHTRACE_FIELD_KEYS
    ? parseFieldKeys(env.HEALTHTRACE_FIELD_KEYS)
    : [{ id: 'dev1', key: devSecret(keysDir, 'field-key-dev1', 32) }];
  const healthAuthorityTokens = env.HEALTHTRACE_HA_TOKENS
    ? env.HEALTHTRACE_HA_TOKENS.split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : [Buffer.from(devSecret(keysDir, 'health-authority-token', 32)).toString('base64url')];
  return {
    port,
    host,
    dataDir,
    databaseUrl: overrides.databaseUrl ?? env.DATABASE_URL ?? undefined,
    fieldKeys,
    healthAuthorityTokens,
    corsOrigins: (env.HEALTHTRACE_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    retentionDays: overrides.retentionDays ?? intEnv(env.HEALTHTRACE_RETENTION_DAYS, 'HEALTHTRACE_RETENTION_DAYS') ?? 28,
    bodyLimitBytes: 256 * 1024,
    rateLimitPerIpPerMinute: intEnv(env.HEALTHTRACE_RATE_LIMIT_IP, 'HEALTHTRACE_RATE_LIMIT_IP') ?? 600,
    rateLimitPerKeyPerMinute: intEnv(env.HEALTHTRACE_RATE_LIMIT_KEY, 'HEALTHTRACE_RATE_LIMIT_KEY') ?? 6000,
    publicBaseUrl: overrides.publicBaseUrl ?? env.HEALTHTRACE_PUBLIC_URL ?? `http://${host}:${port}`,
    healthAuthorityId: env.HEALTHTRACE_HA_ID ?? 'vn.healthtrace.dev',
    declarations: { personalQr: personalQrConfig(overrides.personalQr, env) },
  };
}

function personalQrConfig(overrides: Partial<PersonalQrConfig> | undefined, env: NodeJS.ProcessEnv): PersonalQrConfig {
  const enabled = overrides?.enabled ?? boolEnv(env.HEALTHTRACE_PERSONAL_QR, 'HEALTHTRACE_PERSONAL_QR') ?? false;
  const lifetimeMinutes =
    overrides?.lifetimeMinutes ??
    intEnv(env.HEALTHTRACE_PERSONAL_QR_LIFETIME_MINUTES, 'HEALTHTRACE_PERSONAL_QR_LIFETIME_MINUTES') ??
    MAX_PERSONAL_QR_LIFETIME_MINUTES;
  if (!Number.isInteger(lifetimeMinutes) || lifetimeMinutes < 1 || lifetimeMinutes > MAX_PERSONAL_QR_LIFETIME_MINUTES)
    throw new RangeError(`the personal QR lifetime must be an integer from 1 to ${MAX_PERSONAL_QR_LIFETIME_MINUTES} minutes`);
  if (typeof enabled !== 'boolean') throw new TypeError('personalQr.enabled must be a boolean');
  return { enabled, lifetimeMinutes };
}

function boolEnv(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new TypeError(`${name} must be true or false`);
}

function intEnv(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`${name} must be a non-negative integer`);
  return n;
}

function parseFieldKeys(text: string): FieldKey[] {
  return text.split(',').map((part, i) => {
    const [id, b64] = part.split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || key.length !== 32) throw new TypeError(`HEALTHTRACE_FIELD_KEYS entry ${i} must be id:base64 of 32 bytes`);
    return { id, key: new Uint8Array(key) };
  });
}

/**
 * Reads a development secret from `<dir>/<name>`, creating it (random, mode 0600) on first use.
 *
 * @param dir - the keys folder.
 * @param name - file name.
 * @param bytes - secret length.
 * @returns the secret.
 */
export function devSecret(dir: string, name: string, bytes: number): Uint8Array {
  const file = join(dir, name);
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(bytes);
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return new Uint8Array(secret);
}
