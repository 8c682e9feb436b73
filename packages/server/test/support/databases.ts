import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/db/database';
import { openPglite } from '../../src/db/pglite';
import { openPostgres } from '../../src/db/postgres';

/**
 * The databases every server suite runs on: embedded PGlite always, and a real PostgreSQL
 * when `HEALTHTRACE_TEST_DATABASE_URL` points at one (`.ci/run` starts one on loopback and
 * sets it). Each call gets a fresh, empty database.
 */
export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<Database & { drop(): Promise<void> }>;
}

const adminUrl = process.env.HEALTHTRACE_TEST_DATABASE_URL;

export const testDatabases: TestDatabase[] = [
  {
    name: 'pglite',
    async open() {
      const db = await openPglite(undefined);
      return Object.assign(db, { drop: () => db.close() });
    },
  },
  ...(adminUrl
    ? [
        {
          name: 'postgres' as const,
          async open() {
            const dbName = `ht_test_${randomBytes(6).toString('hex')}`;
            const admin = new pg.Client({ connectionString: adminUrl });
            await admin.connect();
            await admin.query(`CREATE DATABASE ${dbName}`);
            await admin.end();
            const url = new URL(adminUrl);
            url.pathname = `/${dbName}`;
            const db = await openPostgres(url.toString(), { max: 20 });
            return Object.assign(db, {
              async drop() {
                await db.close();
                const a = new pg.Client({ connectionString: adminUrl });
                await a.connect();
                await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
                await a.end();
              },
            });
          },
        },
      ]
    : []),
];

if (!adminUrl && process.env.CI) {
  throw new Error('CI must run the server suites on PostgreSQL too: set HEALTHTRACE_TEST_DATABASE_URL (.ci/run does)');
}
