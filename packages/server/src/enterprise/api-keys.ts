/**
 * Enterprise API keys. A key is `htk_<id>_<secret>` (id: 16 hex digits; secret: 32 random bytes,
 * base64url). Only SHA-256 of the whole key is stored — a high-entropy secret needs no slow hash —
 * and it is compared in constant time. Keys carry scopes and can be revoked.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/database';
import type { Caller } from '../http/context';

/** Every scope an API key can hold: the `ApiKeyScope` enum of the contract (a test keeps the two equal). */
export const API_KEY_SCOPES: readonly string[] = [
  'tenant:read',
  'keys:admin',
  'employees:read',
  'employees:write',
  'health-checks:read',
  'health-checks:write',
  'declarations:read',
  'declarations:write',
  'venues:read',
  'venues:write',
  'checkins:write',
  'risk:read',
  'risk:write',
  'webhooks:admin',
  'scim',
];

/** An API key as listed (never with its secret). */
export interface ApiKeyView {
  /** Key id. */
  id: string;
  /** Name given at creation. */
  name: string;
  /** Scopes. */
  scopes: string[];
  /** `htk_<id>`: recognisable start of the key. */
  prefix: string;
  /** Creation time (ISO). */
  createdAt: string;
  /** Revocation time (ISO) or `null`. */
  revokedAt: string | null;
}

const KEY_PATTERN = /^htk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

interface KeyRow {
  id: string;
  name: string;
  scopes: string[] | string;
  created_at: Date | string;
  revoked_at: Date | string | null;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

function view(row: KeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    scopes: typeof row.scopes === 'string' ? (JSON.parse(row.scopes) as string[]) : row.scopes,
    prefix: `htk_${row.id}`,
    createdAt: iso(row.created_at) as string,
    revokedAt: iso(row.revoked_at),
  };
}

/**
 * Creates an API key for a tenant.
 *
 * @param db - where to store it.
 * @param tenantId - the tenant.
 * @param name - a label.
 * @param scopes - its scopes.
 * @param now - the creation time.
 * @returns the key with its secret (shown once; only its hash is stored).
 */
export async function createApiKey(
  db: Queryable,
  tenantId: string,
  name: string,
  scopes: readonly string[],
  now: Date,
): Promise<ApiKeyView & { secret: string }> {
  const id = randomBytes(8).toString('hex');
  const secret = `htk_${id}_${randomBytes(32).toString('base64url')}`;
  const rows = await db.query<KeyRow>(
    `INSERT INTO api_keys (id, tenant_id, name, scopes, secret_hash, created_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)
     RETURNING id, name, scopes, created_at, revoked_at`,
    [id, tenantId, name, JSON.stringify(scopes), digest(secret).toString('hex'), now.toISOString()],
  );
  return { ...view(rows.rows[0] as KeyRow), secret };
}

/**
 * Lists a tenant's API keys, oldest first, without secrets.
 *
 * @param db - the database.
 * @param tenantId - the tenant.
 * @returns the keys.
 */
export async function listApiKeys(db: Queryable, tenantId: string): Promise<ApiKeyView[]> {
  const rows = await db.query<KeyRow>(
    'SELECT id, name, scopes, created_at, revoked_at FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, id',
    [tenantId],
  );
  return rows.rows.map(view);
}

/**
 * Revokes a key of a tenant (idempotent for an already revoked key).
 *
 * @param db - the database.
 * @param tenantId - the tenant (a key of another tenant is not found).
 * @param keyId - the key id.
 * @param now - the revocation time.
 * @returns `false` when the tenant has no such key.
 */
export async function revokeApiKey(db: Queryable, tenantId: string, keyId: string, now: Date): Promise<boolean> {
  const result = await db.query('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $3) WHERE tenant_id = $1 AND id = $2 RETURNING id', [
    tenantId,
    keyId,
    now.toISOString(),
  ]);
  return result.rows.length > 0;
}

/**
 * Resolves a presented API key (the `deps.resolveApiKey` hook): parses its id, loads the stored
 * hash and compares it in constant time; revoked keys resolve to `undefined`.
 *
 * @param db - the database.
 * @param presented - the key as sent.
 * @returns the caller, or `undefined` when unknown, malformed or revoked.
 */
export async function resolveApiKey(db: Queryable, presented: string): Promise<Extract<Caller, { kind: 'api-key' }> | undefined> {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return undefined;
  const rows = await db.query<{ tenant_id: string; scopes: string[] | string; secret_hash: string; revoked_at: unknown }>(
    'SELECT tenant_id, scopes, secret_hash, revoked_at FROM api_keys WHERE id = $1',
    [match[1]],
  );
  const row = rows.rows[0];
  if (!row) return undefined;
  const stored = Buffer.from(row.secret_hash, 'hex');
  const given = digest(presented);
  if (stored.length !== given.length || !timingSafeEqual(stored, given) || row.revoked_at !== null) return undefined;
  const scopes = typeof row.scopes === 'string' ? (JSON.parse(row.scopes) as string[]) : row.scopes;
  return { kind: 'api-key', keyId: match[1] as string, tenantId: row.tenant_id, scopes };
}
