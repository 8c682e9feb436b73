import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
