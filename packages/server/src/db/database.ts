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
  /** `$1`: the rows, as JSON text (passed as it is). */
  rowsJson: string;
  /** The clear texts to seal; `$2` is the `text[]` of their ciphertexts, in this order. */
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
   * Optional — the embedded database on its own thread has it: runs `sql` (autocommitted) with two
   * parameters, `$1` = `rowsJson` and `$2` = the `text[]` of `clear`'s texts sealed on the database's
   * thread (AES-256-GCM, a fresh IV each, AAD = `aadPrefix` + `ids[i]`, in `createFieldCipher`'s
   * format), so that encryption runs beside the request thread instead of on it. The rows cross to
   * the thread as UTF-8 bytes (transferred, not copied) and reach the engine as they are. Engines
   * without it: seal first.
   *
   * @param sql - the statement (`$1` the rows' JSON, `$2` the ciphertexts).
   * @param params - the rows, and the texts to seal with their ids.
   * @param sealing - the key and the associated data's prefix.
   * @returns the statement's result.
   * @throws TypeError when `clear` and `ids` are not string arrays of one length; the database's error.
   */
  queryWithSealedFields?(sql: string, params: SealedParameters, sealing: FieldSealing): Promise<QueryResult<Record<string, unknown>>>;
}
