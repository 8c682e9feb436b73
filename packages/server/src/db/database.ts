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

/** What {@link Database.queryWithSealedFields} seals in each row, and with which key. */
export interface FieldSealing {
  /** The key (AES-256) and its id: ciphertexts read `v1.<id>.<base64url(iv ‖ ciphertext ‖ tag)>`, as `createFieldCipher` writes them. */
  key: FieldKey;
  /** Position, in each row, of the clear text to seal. */
  field: number;
  /** Position, in each row, of the row id that the associated data binds the ciphertext to. */
  idField: number;
  /** Associated data = this prefix + the row id (as `createFieldCipher`'s `aad`). */
  aadPrefix: string;
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
   * Optional — the embedded database on its own thread has it: runs `sql` (autocommitted) with ONE
   * parameter, `rowsJson`, a JSON array of row arrays, after sealing each row's `sealing.field`
   * (AES-256-GCM, a fresh IV per row, in `createFieldCipher`'s format) on the database's thread, so
   * that encryption runs beside the request thread instead of on it. Engines without it: seal first.
   *
   * @param sql - the statement (`$1` is the sealed rows' JSON).
   * @param rowsJson - the rows, their `field` in clear text.
   * @param sealing - what to seal, and the key.
   * @returns the statement's result.
   */
  queryWithSealedFields?(sql: string, rowsJson: string, sealing: FieldSealing): Promise<QueryResult<Record<string, unknown>>>;
}
