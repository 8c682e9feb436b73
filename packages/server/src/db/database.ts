/**
 * One PostgreSQL dialect, two engines: embedded PGlite (default, persisted under the data
 * directory) and a real PostgreSQL through node-postgres. Everything above this file only
 * sees {@link Database}.
 */

import type { FieldKey } from '../config';

/** Result of a query. */
export interface QueryResult<T> {
  /** The rows returned. */
  rows: T[];
  /** Rows inserted/updated/deleted (or returned, for SELECT). */
  rowCount: number;
}

/** Something SQL can run on: the database or a transaction. */
export interface Queryable {
  /**
   * Runs one parameterised statement (`$1`, `$2`…).
   *
   * @param sql - the statement.
   * @param params - its parameters.
   * @param options - `prepare`: the statement runs often (the hot insert of the write path), so an engine may keep it
   *   prepared under a name derived from its text instead of parsing and planning it on every call (PostgreSQL does,
   *   per pooled connection); engines may ignore the hint.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<T>>;
}

/** Options of {@link Queryable.query}. */
export interface QueryOptions {
  /** Keep the statement prepared (it runs often); a hint engines may ignore. */
  prepare?: boolean;
}

/** The key {@link Database.queryWithSealedFields} seals with, and the associated data it binds each ciphertext to. */
export interface FieldSealing {
  /** The key (AES-256) and its id: ciphertexts read `v1.<id>.<base64url(iv ‖ ciphertext ‖ tag)>`, as `createFieldCipher` writes them. */
  key: FieldKey;
  /** Associated data of text `i` = this prefix + `ids[i]` (as `createFieldCipher`'s `aad`). */
  aadPrefix: string;
}

/** The parameters of {@link Database.queryWithSealedFields}. */
export interface SealedParameters {
  /**
   * The rows, each an array of as many column values: column `k` of every row is bound as `$k+1`, a `text[]`
   * (strings as they are, `null` as NULL, numbers and booleans as their text, objects as their JSON).
   */
  rows: readonly (readonly unknown[])[];
  /** The clear texts to seal, one per row; the last parameter (`$n+1` for rows of `n` columns) is the `text[]` of their ciphertexts, in this order. */
  clear: readonly string[];
  /** The id each ciphertext is bound to (associated data), one per clear text. */
  ids: readonly string[];
}

/** A database connection (pool) the server uses. */
export interface Database extends Queryable {
  /** `"pglite"` (embedded) or `"postgres"`. */
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws.
   *
   * @param fn - the work, given the transaction to query on.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs several statements separated by semicolons, without parameters (migrations).
   *
   * @param sql - the statements.
   */
  exec(sql: string): Promise<void>;
  /** Closes the connection(s). */
  close(): Promise<void>;
  /**
   * Optional — the embedded database on its own thread has it: runs `sql` (autocommitted, prepared once) with
   * one `text[]` parameter per column of `rows` (`$1` … `$n`, column-wise) and, last, the `text[]` of
   * `clear`'s texts sealed on the database's thread (AES-256-GCM, a fresh IV each, AAD = `aadPrefix` +
   * `ids[i]`, in `createFieldCipher`'s format), so that encryption runs beside the request thread instead of
   * on it. The arrays reach the engine in PostgreSQL's binary format: nothing for it to parse or unescape
   * (`unnest($1::text[], …)` turns them back into rows). Engines without it: seal first.
   *
   * @param sql - the statement (`$1`…`$n` the rows' columns, `$n+1` the ciphertexts; all `text[]`).
   * @param params - the rows, and the texts to seal with their ids.
   * @param sealing - the key and the associated data's prefix.
   * @returns the statement's result.
   * @throws TypeError when `rows` is not a non-empty array of equally long arrays of strings (well-formed),
   *   numbers, booleans, `null` or objects, or `clear` and `ids` are not string arrays of its length; the
   *   database's error.
   * @example
   * ```ts
   * await db.queryWithSealedFields?.(
   *   'INSERT INTO notes (id, secret) SELECT id, enc FROM unnest($1::text[], $2::text[]) AS t(id, enc)',
   *   { rows: [['n1'], ['n2']], clear: ['first secret', 'second secret'], ids: ['n1', 'n2'] },
   *   { key: { id: 'k1', key }, aadPrefix: 'notes:' },
   * );
   * ```
   */
  queryWithSealedFields?(sql: string, params: SealedParameters, sealing: FieldSealing): Promise<QueryResult<Record<string, unknown>>>;
}
