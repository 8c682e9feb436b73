import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database';

/**
 * Opens the embedded database (PGlite) persisted in `dataDir`, or in memory when `dataDir`
 * is `undefined` (tests).
 *
 * @param dataDir - folder for the database files; created when missing.
 * @returns the database.
 * @example
 * ```ts
 * const db = await openPglite('./.healthtrace/db');
 * ```
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir === undefined ? undefined : `file://${dataDir}`);
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await q.query<T>(sql, params as unknown[]);
      // PGlite reports affectedRows 0 for a SELECT: rowCount is the rows returned there, the rows affected otherwise.
      return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
    },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async exec(sql) {
      await pg.exec(sql);
    },
    async close() {
      await pg.close();
    },
  };
}
