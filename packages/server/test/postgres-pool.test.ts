/**
 * A PostgreSQL pool survives its idle connections being killed (a server restart, an administrator's
 * `pg_terminate_backend`, a dropped network): the error is reported to `onIdleError`, the process goes on and the
 * next query runs on a new connection. Without a listener node-postgres throws the error and ends the process.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/postgres';

const adminUrl = process.env.HEALTHTRACE_TEST_DATABASE_URL;

describe.runIf(adminUrl !== undefined)('PostgreSQL pool', () => {
  it('reports killed idle connections and keeps serving queries', async () => {
    const name = `ht_pool_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl as string);
    url.pathname = `/${name}`;
    const errors: Error[] = [];
    const db = await openPostgres(url.toString(), { max: 4, onIdleError: (error) => errors.push(error) });
    try {
      // Open several connections, then leave them idle in the pool.
      await Promise.all([1, 2, 3].map(() => db.query('SELECT pg_sleep(0.05)')));
      const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      expect(killed.rowCount).toBeGreaterThan(0);
      // The pool drops each connection when its error arrives; wait for all of them.
      const dead = killed.rows.filter((r) => (r as { pg_terminate_backend: boolean }).pg_terminate_backend).length;
      for (let i = 0; i < 100 && errors.length < dead; i++) await new Promise((r) => setTimeout(r, 20));
      expect(errors.length).toBe(dead);
      expect((errors[0] as { code?: string }).code).toBe('57P01');
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('keeps a statement run with `prepare` prepared on its connection (and no other statement)', async () => {
    const db = await openPostgres(adminUrl as string, { max: 1 });
    try {
      const sql = 'SELECT $1::int + 1 AS n';
      for (const i of [1, 2, 3]) expect((await db.query<{ n: number }>(sql, [i], { prepare: true })).rows).toEqual([{ n: i + 1 }]);
      await db.query('SELECT $1::int AS plain', [1]);
      const prepared = await db.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE name LIKE $1', [
        'healthtrace_%',
      ]);
      expect(prepared.rows).toEqual([{ statement: sql }]);
      // A prepared statement inside a transaction, on the transaction's connection.
      expect(await db.transaction(async (tx) => (await tx.query<{ n: number }>(sql, [41], { prepare: true })).rows[0]?.n)).toBe(42);
    } finally {
      await db.close();
    }
  });
});
