/**
 * One PostgreSQL dialect, two engines: embedded PGlite (default, persisted under the data
 * directory) and a real PostgreSQL through node-postgres. Everything above this file only
 * sees {@link Database}.
 */

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
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
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
}
