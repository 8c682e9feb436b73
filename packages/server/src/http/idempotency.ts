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
 * Checks the syntax of an `Idempotency-Key` header.
 *
 * @param key - the header value.
 * @throws HttpProblem 400 `bad-idempotency-key` when it is not 8–128 characters of `[A-Za-z0-9_.:-]`.
 * @example
 * ```ts
 * assertIdempotencyKey(c.req.header('Idempotency-Key') ?? 'absent-key'); // throws for 'short'
 * ```
 */
export function assertIdempotencyKey(key: string): void {
  if (!KEY_PATTERN.test(key))
    throw new HttpProblem(400, 'bad-idempotency-key', 'Idempotency-Key must be 8–128 characters of [A-Za-z0-9_.:-]');
}

/** The additional data binding a sealed stored response to its scope and key. */
const idempotencyAad = (scope: string, key: string | undefined): string => `idempotency:${scope}:${key}`;

/**
 * The JSON text stored in `idempotency_keys.response` for a first response: the body itself, or
 * `{ "sealed": "<ciphertext>" }` when a cipher is given (bound to scope and key).
 *
 * @param scope - the idempotency scope.
 * @param key - the key.
 * @param body - the first response's body.
 * @param cipher - seals the body when given.
 * @returns the JSON text to store.
 * @example
 * ```ts
 * const stored = storedIdempotentResponse('declarations', key, receipt, deps.cipher);
 * ```
 */
export function storedIdempotentResponse(scope: string, key: string, body: unknown, cipher?: FieldCipher): string {
  return JSON.stringify(cipher ? { sealed: cipher.encrypt(JSON.stringify(body), idempotencyAad(scope, key)) } : body);
}

/**
 * The answer to a request whose key is already recorded: a replay of the stored response (status
 * 200), or a 409 when the key was used with another body.
 *
 * @param scope - the idempotency scope.
 * @param key - the key.
 * @param hash - {@link requestHash} of this request's body.
 * @param row - the stored record, or `undefined` when it is not visible (still being processed).
 * @param cipher - opens sealed responses.
 * @returns the replay.
 * @throws HttpProblem 409 `idempotency-key-reused` or `idempotency-conflict`.
 * @example
 * ```ts
 * const replay = replayIdempotent('declarations', key, hash, row, deps.cipher);
 * ```
 */
export function replayIdempotent<T>(
  scope: string,
  key: string,
  hash: string,
  row: { request_hash: string; response: unknown } | undefined,
  cipher?: FieldCipher,
): IdempotentResult<T> {
  if (!row) throw new HttpProblem(409, 'idempotency-conflict', 'The Idempotency-Key is being processed; retry');
  if (row.request_hash !== hash) throw new HttpProblem(409, 'idempotency-key-reused', 'The Idempotency-Key was used with a different body');
  const stored = row.response as { sealed?: unknown } | null;
  const body =
    stored !== null && typeof stored === 'object' && typeof stored.sealed === 'string' && cipher
      ? (JSON.parse(cipher.decrypt(stored.sealed, idempotencyAad(scope, key))) as T)
      : (row.response as T);
  return { status: 200, body, replayed: true };
}

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
  if (key === undefined) return db.transaction(async (tx) => ({ ...(await work(tx)), replayed: false }));
  assertIdempotencyKey(key);
  return db.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, response) VALUES ($1, $2, $3, 0, 'null'::jsonb)
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, hash],
    );
    if (claimed.rowCount === 0) {
      const prior = await tx.query<{ request_hash: string; status: number; response: unknown }>(
        'SELECT request_hash, status, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
        [scope, key],
      );
      return replayIdempotent<T>(scope, key, hash, prior.rows[0], cipher);
    }
    const result = await work(tx);
    await tx.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE scope = $1 AND key = $2', [
      scope,
      key,
      result.status,
      storedIdempotentResponse(scope, key, result.body, cipher),
    ]);
    return { ...result, replayed: false };
  });
}
