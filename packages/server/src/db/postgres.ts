import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Database, Queryable, QueryOptions, QueryResult } from './database';

/**
 * Connects to a PostgreSQL server through a node-postgres pool.
 *
 * @param connectionString - `postgres://user:pass@host:port/db`.
 * @param options - pool size (default 10); `onIdleError` hears errors of idle pooled connections (PostgreSQL restarted,
 *   an administrator terminated the session, the network dropped). The pool discards such a connection and opens a new
 *   one for the next query; without a listener node-postgres would throw the error and end the process.
 * @returns the database.
 * @example
 * ```ts
 * const db = await openPostgres('postgres://healthtrace@127.0.0.1:5432/healthtrace');
 * ```
 */
export async function openPostgres(
  connectionString: string,
  options: { max?: number; onIdleError?: (error: Error) => void } = {},
): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  pool.on('error', (error) => options.onIdleError?.(error));
  // Fail fast on a bad URL or an unreachable server.
  const probe = await pool.connect();
  probe.release();
  // Statements run with `prepare` are parsed and planned once per connection under a name derived from their text
  // (node-postgres tracks what each connection has prepared).
  const names = new Map<string, string>();
  const nameOf = (sql: string): string => {
    let name = names.get(sql);
    if (name === undefined) {
      name = `healthtrace_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
      names.set(sql, name);
    }
    return name;
  };
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<QueryResult<T>> {
      const result = options?.prepare
        ? await client.query({ name: nameOf(sql), text: sql, values: params as unknown[] })
        : await client.query(sql, params as unknown[]);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
    },
  });
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}
