import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate';
import { coreMigration } from '../src/db/migrations/0001-core';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { startTestServer } from './support/test-server';

/**
 * Reliability over REAL HTTP (a listening server on a loopback port, on both databases):
 * concurrent duplicate submissions with one Idempotency-Key store exactly one row.
 * (Crash and shutdown tests with a server process: `reliability.slow.test.ts`.)
 */
describe.each(testDatabases)('reliability over HTTP on $name', (database) => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let base: string;
  beforeAll(async () => {
    server = await startTestServer(database);
    base = `http://127.0.0.1:${await server.listen()}`;
  });
  afterAll(async () => {
    await server.close();
  });

  const submit = (key: string, body: string): Promise<Response> =>
    fetch(`${base}/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/json', 'Idempotency-Key': key }, body });

  it('stores exactly one row for 24 concurrent duplicates with the same Idempotency-Key', async () => {
    const body = JSON.stringify({ type: 'daily', data: { date: '2026-11-20', states: ['healthy'] } });
    for (const key of ['dup-key-0000001', 'dup-key-0000002']) {
      const responses = await Promise.all(Array.from({ length: 24 }, () => submit(key, body)));
      const bodies = await Promise.all(responses.map((r) => expectContract<{ id: string }>(r.clone(), 'createDeclaration')));
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 200)).toHaveLength(23);
      expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
      const rows = await server.deps.db.query<{ n: string | number }>('SELECT count(*) AS n FROM declarations WHERE idempotency_key = $1', [
        key,
      ]);
      expect(Number(rows.rows[0]?.n)).toBe(1);
    }
    // The same key with another body is refused, and still stores nothing more.
    const other = await submit('dup-key-0000001', JSON.stringify({ type: 'daily', data: { date: '2026-11-21', states: ['healthy'] } }));
    expect(other.status).toBe(409);
    await expectContract(other, 'createDeclaration');
    const total = await server.deps.db.query<{ n: string | number }>('SELECT count(*) AS n FROM declarations');
    expect(Number(total.rows[0]?.n)).toBe(2);
  });
});

describe.each(testDatabases)('group commit on $name', (database) => {
  it('batches concurrent transactions, keeps each one atomic, and dedupes idempotent duplicates', async () => {
    const { groupCommitDatabase } = await import('../src/storage/group-commit');
    const { requestHash, runIdempotent } = await import('../src/http/idempotency');
    const raw = await database.open();
    const db = groupCommitDatabase(raw, { maxBatch: 16 });
    try {
      await migrate(db, [coreMigration]);
      await db.exec('CREATE TABLE gc_probe (id integer PRIMARY KEY, v text NOT NULL)');
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) =>
          db.transaction(async (tx) => {
            await tx.query('INSERT INTO gc_probe (id, v) VALUES ($1, $2)', [i, 'a']);
            await tx.query('INSERT INTO gc_probe (id, v) VALUES ($1, $2)', [1000 + i, 'b']);
            // Every 7th unit fails after writing: both of its rows must be rolled back.
            if (i % 7 === 3) throw new Error(`unit ${i} fails`);
            return i;
          }),
        ),
      );
      const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
      expect(failed).toEqual(Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 7 === 3));
      const rows = await db.query<{ id: number }>('SELECT id FROM gc_probe WHERE id < 1000 ORDER BY id');
      expect(rows.rows.map((r) => r.id)).toEqual(Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 7 !== 3));
      expect((await db.query('SELECT id FROM gc_probe WHERE id >= 1000')).rows).toHaveLength(60 - failed.length);
      // Idempotent duplicates in one batch: exactly one row, one first response, the rest replays.
      const hash = requestHash('{"v":"x"}');
      const idem = await Promise.all(
        Array.from({ length: 20 }, () =>
          runIdempotent(db, 'probe', 'gc-key-000001', hash, async (tx) => {
            await tx.query("INSERT INTO gc_probe (id, v) VALUES (5000, 'x')");
            return { status: 201, body: { id: 5000 } };
          }),
        ),
      );
      expect(idem.filter((r) => !r.replayed)).toHaveLength(1);
      expect((await db.query('SELECT id FROM gc_probe WHERE id = 5000')).rows).toHaveLength(1);
    } finally {
      await raw.drop();
    }
  });
});
