import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database';
import type { FieldCipher } from '../storage/field-encryption';
import { HttpProblem } from './problem';

/** A stored response. */
export interface IdempotentResult<T> {
  /** HTTP status of the first response. */
  status: 200 | 201 | 202;
  /** Its JSON body. */
  body: T;
  /** `true` when this is a replay of an earlier request with the same key. */
  replayed: boolean;
}

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Hash of a request body for idempotency checks (a reused key with another body is a 409).
 *
 * @param body - the request's JSON text or value.
 * @returns hex SHA-256.
 */
export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(typeof body === 'string' ? body : JSON.stringify(body))
    .digest('hex');
}

/**
 * Runs `work` at most once per `(scope, key)`: the idempotency record and the work's own
 * writes commit in ONE transaction, and the primary key on `(scope, key)` makes concurrent
 * duplicates wait for the first and then replay its stored response — exactly one row,
 * whatever the timing. Without a key, `work` simply runs in a transaction.
 *
 * @param db - the database.
 * @param scope - e.g. `"declarations"` or `"tenant:<id>:health-checks"`.
 * @param key - the `Idempotency-Key` header, or `undefined`.
 * @param hash - {@link requestHash} of the body.
 * @param work - the write; returns status and body.
 * @param cipher - when given, the stored response is encrypted at rest (bound to its scope and
 *   key), for responses that carry secrets or personal data, such as a deletion token.
 * @returns the first response (replayed when the key was seen).
 * @throws HttpProblem 400 for a malformed key, 409 when the key was used with another body.
 */
export async function runIdempotent<T>(
  db: Database,
  scope: string,
  key: string | undefined,
  hash: string,
  work: (tx: Queryable) => Promise<{ status: 200 | 201 | 202; body: T }>,
  cipher?: FieldCipher,
): Promise<IdempotentResult<T>> {
  const aad = `idempotency:${scope}:${key}`;
  if (key === undefined) return db.transaction(async (tx) => ({ ...(await work(tx)), replayed: false }));
  if (!KEY_PATTERN.test(key))
    throw new HttpProblem(400, 'bad-idempotency-key', 'Idempotency-Key must be 8–128 characters of [A-Za-z0-9_.:-]');
  return db.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, response) VALUES ($1, $2, $3, 0, 'null'::jsonb)
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, hash],
    );
    if (claimed.rowCount === 0) {
      const prior = await tx.query<{ request_hash: string; status: number; response: T | { sealed: string } }>(
        'SELECT request_hash, status, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
        [scope, key],
      );
      const row = prior.rows[0];
      if (!row) throw new HttpProblem(409, 'idempotency-conflict', 'The Idempotency-Key is being processed; retry');
      if (row.request_hash !== hash)
        throw new HttpProblem(409, 'idempotency-key-reused', 'The Idempotency-Key was used with a different body');
      const stored = row.response as { sealed?: unknown } | null;
      const body =
        stored !== null && typeof stored === 'object' && typeof stored.sealed === 'string' && cipher
          ? (JSON.parse(cipher.decrypt(stored.sealed, aad)) as T)
          : (row.response as T);
      return { status: 200, body, replayed: true };
    }
    const result = await work(tx);
    const response = cipher ? { sealed: cipher.encrypt(JSON.stringify(result.body), aad) } : result.body;
    await tx.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE scope = $1 AND key = $2', [
      scope,
      key,
      result.status,
      JSON.stringify(response),
    ]);
    return { ...result, replayed: false };
  });
}
