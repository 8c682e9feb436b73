import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { openPgliteWorker } from '../src/db/pglite-worker';
import { declarationIdempotencyScope, getDeclaration, prepareDeclaration } from '../src/declarations/store';
import type { ValidSubmission } from '../src/declarations/validate';
import { createDeclarationWriter } from '../src/declarations/writer';
import type { ServerDeps } from '../src/http/context';
import { requestHash } from '../src/http/idempotency';
import { createFieldCipher } from '../src/storage/field-encryption';
import { pooledRandomBytes } from '../src/storage/random-pool';
import { type TestDatabase, testDatabases } from './support/databases';

const cipher = createFieldCipher([{ id: 'w1', key: new Uint8Array(32).fill(7) }]);
/** An insert zipping the rows' one column (`$1`) with the sealed texts (`$2`), as the declaration writer's. */
const sealedInsert = 'INSERT INTO sealed_probe (id, secret) SELECT id, enc FROM unnest($1::text[], $2::text[]) AS t(id, enc)';
const daily = (date: string): ValidSubmission => ({ type: 'daily', data: { date, states: ['healthy'] } }) as unknown as ValidSubmission;

/** The embedded database in its worker thread (what `healthtrace serve` uses), persisted in a temporary folder. */
const workerDatabase: TestDatabase = {
  name: 'pglite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'healthtrace-worker-db-'));
    const db = await openPgliteWorker(join(dir, 'db'));
    return Object.assign(db, {
      async drop() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  },
};

/**
 * Opens a transaction that inserts `id` into `t`, then waits for `release()`; it then records `tx` in `order` and
 * commits, or throws (`roll back`) when `rollBack`.
 */
function holdTransaction(db: Database, id: number, order: string[], rollBack: boolean): { tx: Promise<void>; release: () => void } {
  let release = (): void => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tx = db.transaction(async (t) => {
    await t.query('INSERT INTO t (id) VALUES ($1)', [id]);
    await held;
    order.push('tx');
    if (rollBack) throw new Error('roll back');
  });
  return { tx, release };
}

describe('the embedded database in a worker thread', () => {
  let db: Database & { drop(): Promise<void> };
  beforeAll(async () => {
    db = await workerDatabase.open();
    await db.exec('CREATE TABLE t (id integer PRIMARY KEY, at timestamptz, doc jsonb, raw bytea)');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('runs parameterised queries; dates, JSON and bytes cross the thread boundary intact', async () => {
    const at = new Date('2026-11-27T08:00:00.123Z');
    const inserted = await db.query('INSERT INTO t (id, at, doc, raw) VALUES ($1, $2, $3, $4)', [
      1,
      at,
      JSON.stringify({ a: [1, 'b'] }),
      new Uint8Array([0, 255, 7]),
    ]);
    expect(inserted.rowCount).toBe(1);
    const rows = await db.query<{ at: Date; doc: unknown; raw: Uint8Array }>('SELECT at, doc, raw FROM t WHERE id = $1', [1]);
    expect(rows.rows[0]?.at.toISOString()).toBe(at.toISOString());
    expect(rows.rows[0]?.doc).toEqual({ a: [1, 'b'] });
    expect([...(rows.rows[0]?.raw ?? [])]).toEqual([0, 255, 7]);
  });

  it("seals texts on its thread, in the field cipher's format (decrypts with it, bound to each id), zipped with the rows", async () => {
    await db.exec('CREATE TABLE sealed_probe (id text PRIMARY KEY, secret text NOT NULL)');
    const key = { id: 'w1', key: new Uint8Array(32).fill(7) };
    const sealing = { key, aadPrefix: 'probe:' };
    const clear = ['Nguyễn Văn An, 0912 345 678', '{"fullName":"Trần Thị B"}'];
    const params = { rows: [['a'], ['b']], clear, ids: ['a', 'b'] };
    expect((await db.queryWithSealedFields?.(sealedInsert, params, sealing))?.rowCount).toBe(2);
    const stored = (await db.query<{ id: string; secret: string }>('SELECT id, secret FROM sealed_probe ORDER BY id')).rows;
    for (const [i, row] of stored.entries()) {
      expect(row.secret).toMatch(/^v1\.w1\.[A-Za-z0-9_-]+$/);
      expect(row.secret).not.toContain('Nguy');
      expect(cipher.decrypt(row.secret, `probe:${row.id}`)).toBe(clear[i]);
      expect(() => cipher.decrypt(row.secret, 'probe:other')).toThrow();
    }
    expect(stored[0]?.secret.slice(6, 22)).not.toBe(stored[1]?.secret.slice(6, 22)); // a fresh IV per text
    // What it cannot seal or bind is refused before anything is written; a value the statement cannot read fails in the engine.
    const refused = /arrays of strings of one length/;
    await expect(db.queryWithSealedFields?.(sealedInsert, { rows: [['c']], clear: ['x'], ids: [] }, sealing)).rejects.toThrow(refused);
    await expect(
      db.queryWithSealedFields?.(sealedInsert, { rows: [['c']], clear: [42 as unknown as string], ids: ['c'] }, sealing),
    ).rejects.toThrow(refused);
    await expect(
      db.queryWithSealedFields?.(sealedInsert, { rows: [['c'], 'd' as unknown as string[]], clear: ['x', 'y'], ids: ['c', 'd'] }, sealing),
    ).rejects.toThrow(/non-empty array of arrays of one length/);
    await expect(
      db.queryWithSealedFields?.(sealedInsert, { rows: [['c'], ['d', 'e']], clear: ['x', 'y'], ids: ['c', 'd'] }, sealing),
    ).rejects.toThrow(/non-empty array of arrays of one length/);
    await expect(db.queryWithSealedFields?.(sealedInsert, { rows: [['c']], clear: ['x', 'y'], ids: ['c', 'd'] }, sealing)).rejects.toThrow(
      /one text per row/,
    );
    // A lone surrogate would reach the engine as U+FFFD, silently: refused.
    await expect(db.queryWithSealedFields?.(sealedInsert, { rows: [['c\ud800']], clear: ['x'], ids: ['c'] }, sealing)).rejects.toThrow(
      /lone surrogate/,
    );
    await expect(db.queryWithSealedFields?.(sealedInsert, { rows: [[undefined]], clear: ['x'], ids: ['c'] }, sealing)).rejects.toThrow(
      TypeError,
    );
    const notInteger = await db
      .queryWithSealedFields?.(
        'INSERT INTO sealed_probe (id, secret) SELECT id::int::text, enc FROM unnest($1::text[], $2::text[]) AS t(id, enc)',
        { rows: [['c']], clear: ['x'], ids: ['c'] },
        sealing,
      )
      .catch((e: unknown) => e);
    expect((notInteger as { code?: string }).code).toBe('22P02');
    expect((await db.query('SELECT id FROM sealed_probe')).rows).toHaveLength(2);
  });

  it('commits and rolls back transactions, and keeps the database error fields', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id) VALUES (2)');
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]?.n;
    });
    expect(value).toBe(2);
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id) VALUES (3)');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const duplicate = await db.query('INSERT INTO t (id) VALUES (1)').catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(Error);
    expect((duplicate as { code?: string }).code).toBe('23505');
    expect((await db.query('SELECT id FROM t ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('serialises a query issued during a transaction after that transaction', async () => {
    const order: string[] = [];
    const { tx, release } = holdTransaction(db, 10, order, false);
    await new Promise((r) => setTimeout(r, 20));
    const read = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE id = 10').then((r) => {
      order.push('read');
      return r.rows[0]?.n;
    });
    await new Promise((r) => setTimeout(r, 20));
    release();
    await tx;
    expect(await read).toBe(1);
    expect(order).toEqual(['tx', 'read']);
  });

  it('runs a sealed insert issued during a transaction after it, outside it (a rollback keeps its rows)', async () => {
    const sealing = { key: { id: 'w1', key: new Uint8Array(32).fill(7) }, aadPrefix: 'probe:' };
    const order: string[] = [];
    const { tx, release } = holdTransaction(db, 11, order, true);
    await new Promise((r) => setTimeout(r, 20));
    const sealed = db
      .queryWithSealedFields?.(sealedInsert, { rows: [['during-tx']], clear: ['x'], ids: ['during-tx'] }, sealing)
      .then((r) => {
        order.push('sealed');
        return r.rowCount;
      });
    await new Promise((r) => setTimeout(r, 20));
    release();
    await expect(tx).rejects.toThrow('roll back');
    expect(await sealed).toBe(1);
    expect(order).toEqual(['tx', 'sealed']);
    expect((await db.query('SELECT id FROM sealed_probe WHERE id = $1', ['during-tx'])).rows).toHaveLength(1);
    expect((await db.query('SELECT id FROM t WHERE id = 11')).rows).toHaveLength(0);
  });

  it('binds each column of the rows as a binary text[]: NULLs, empty strings, numbers, booleans and objects as JSON', async () => {
    await db.exec('CREATE TABLE sealed_kinds (id text PRIMARY KEY, note text, n numeric, flag boolean, doc text, secret text NOT NULL)');
    const insert = `INSERT INTO sealed_kinds (id, note, n, flag, doc, secret)
      SELECT id, note, n::numeric, flag::boolean, doc, enc FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, note, n, flag, doc, enc)`;
    const sealing = { key: { id: 'w1', key: new Uint8Array(32).fill(7) }, aadPrefix: 'kinds:' };
    const doc = { a: [1, 'b', null], quote: '"\\', tab: '\t', name: 'Đỗ Thị Ánh', lone: '\ud800' };
    const rows = [
      ['k1', null, 12.5, true, doc],
      ['k2', '', -3, false, null],
      ['k3', 'Nguyễn "An", {x}\\', 0, null, {}],
    ];
    expect((await db.queryWithSealedFields?.(insert, { rows, clear: ['1', '2', '3'], ids: ['k1', 'k2', 'k3'] }, sealing))?.rowCount).toBe(
      3,
    );
    const stored = (
      await db.query<{ id: string; note: string | null; n: string | null; flag: boolean | null; doc: string | null; secret: string }>(
        'SELECT id, note, n::text AS n, flag, doc, secret FROM sealed_kinds ORDER BY id',
      )
    ).rows;
    expect(stored.map(({ secret: _, ...r }) => r)).toEqual([
      { id: 'k1', note: null, n: '12.5', flag: true, doc: JSON.stringify(doc) },
      { id: 'k2', note: '', n: '-3', flag: false, doc: null },
      { id: 'k3', note: 'Nguyễn "An", {x}\\', n: '0', flag: null, doc: '{}' },
    ]);
    expect(JSON.parse(stored[0]?.doc as string)).toEqual(doc);
    expect(stored.map((r) => cipher.decrypt(r.secret, `kinds:${r.id}`))).toEqual(['1', '2', '3']);
  });

  it('binds batches larger than its message buffer and non-ASCII rows byte for byte, then small ones again', async () => {
    await db.exec('CREATE TABLE sealed_wide (id text PRIMARY KEY, note text NOT NULL, secret text NOT NULL)');
    const insert =
      'INSERT INTO sealed_wide (id, note, secret) SELECT id, note, enc FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, note, enc)';
    const sealing = { key: { id: 'w1', key: new Uint8Array(32).fill(7) }, aadPrefix: 'wide:' };
    const batch = (prefix: string, n: number, width: number) => {
      const ids = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
      const rows = ids.map((id, i) => [id, `${'Nguyễn Văn Đức — ✓ '.repeat(width)}${i}`]);
      return { params: { rows, clear: ids.map((id) => `bí mật ${id}`), ids }, rows };
    };
    // ~300 KB of UTF-8 (the thread's buffer starts at 64 KiB), then a small batch through the same buffer.
    const big = batch('big-', 400, 40);
    expect(Buffer.byteLength(JSON.stringify(big.rows))).toBeGreaterThan(256 * 1024);
    expect((await db.queryWithSealedFields?.(insert, big.params, sealing))?.rowCount).toBe(400);
    const small = batch('small-', 3, 1);
    expect((await db.queryWithSealedFields?.(insert, small.params, sealing))?.rowCount).toBe(3);
    const stored = await db.query<{ id: string; note: string; secret: string }>('SELECT id, note, secret FROM sealed_wide');
    const byId = new Map(stored.rows.map((r) => [r.id, r]));
    expect(byId.size).toBe(403);
    for (const [id, note] of [...big.rows, ...small.rows] as [string, string][]) {
      expect(byId.get(id)?.note).toBe(note);
      expect(cipher.decrypt(byId.get(id)?.secret as string, `wide:${id}`)).toBe(`bí mật ${id}`);
    }
  });

  it('reports a failing sealed insert with the database error fields, and the next one succeeds (prepared once)', async () => {
    const sealing = { key: { id: 'w1', key: new Uint8Array(32).fill(7) }, aadPrefix: 'probe:' };
    const rows = (ids: string[]) => ({ rows: ids.map((id) => [id]), clear: ids.map(() => 'x'), ids });
    const duplicate = await db.queryWithSealedFields?.(sealedInsert, rows(['dup', 'dup']), sealing).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(Error);
    expect((duplicate as { code?: string }).code).toBe('23505');
    expect((await db.query('SELECT id FROM sealed_probe WHERE id = $1', ['dup'])).rows).toHaveLength(0);
    expect((await db.queryWithSealedFields?.(sealedInsert, rows(['after-dup']), sealing))?.rowCount).toBe(1);
    const bad = await db
      .queryWithSealedFields?.('INSERT INTO no_such_table SELECT 1 WHERE $1::text[] IS NULL AND $2::text[] IS NULL', rows(['x']), sealing)
      .catch((e: unknown) => e);
    expect((bad as { code?: string }).code).toBe('42P01');
    expect((await db.query('SELECT count(*)::int AS n FROM sealed_probe')).rows[0]).toEqual({ n: 4 });
  });
});

describe('pooled random bytes', () => {
  it('never hands out the same bytes twice, across refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(pooledRandomBytes(16).toString('hex'));
    expect(seen.size).toBe(2000);
    expect(pooledRandomBytes(0)).toHaveLength(0);
    expect(() => pooledRandomBytes(8193)).toThrow(RangeError);
  });
});

describe.each([
  ...testDatabases.map((d) => ({ label: `${d.name} (in process)`, db: d })),
  { label: 'pglite (worker thread)', db: workerDatabase },
])('batched declaration writer on $label', ({ db: database }) => {
  let db: Database & { drop(): Promise<void> };
  const deps = { cipher, now: () => new Date('2026-11-27T09:00:00Z') } as ServerDeps;
  beforeAll(async () => {
    db = await database.open();
    await migrate(db);
    deps.db = db;
  });
  afterAll(async () => {
    await db.drop();
  });
  const count = async (where = 'true', params: unknown[] = []): Promise<number> =>
    Number((await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM declarations WHERE ${where}`, params)).rows[0]?.n);

  it('writes concurrent submissions in batches; duplicates of one key store one row and replay its receipt', async () => {
    const writer = createDeclarationWriter(deps, { maxBatch: 8, concurrency: 2 });
    const scope = declarationIdempotencyScope(null);
    const a = daily('2026-11-20');
    const b = daily('2026-11-21');
    const submit = (body: ValidSubmission, key?: string) =>
      writer
        .write({
          prepared: prepareDeclaration(deps, body, null, key),
          idempotency: key === undefined ? undefined : { scope, key, hash: requestHash(body) },
        })
        .then(
          (r) => ({ status: r.replayed ? 200 : r.status, id: r.body.id, token: r.body.deletionToken }),
          (e: { status?: number; code?: string }) => ({ status: e.status, code: e.code }),
        );
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => submit(a)),
      ...Array.from({ length: 12 }, () => submit(a, 'writer-key-0001')),
      ...Array.from({ length: 3 }, () => submit(b, 'writer-key-0001')),
      ...Array.from({ length: 6 }, () => submit(b, 'writer-key-0002')),
    ]);
    expect(results.slice(0, 20).every((r) => r.status === 201)).toBe(true);
    const keyed1 = results.slice(20, 32);
    expect(keyed1.filter((r) => r.status === 201)).toHaveLength(1);
    expect(keyed1.filter((r) => r.status === 200)).toHaveLength(11);
    expect(new Set(keyed1.map((r) => `${(r as { id: string }).id}/${(r as { token: string }).token}`)).size).toBe(1);
    expect(results.slice(32, 35).every((r) => r.status === 409 && (r as { code: string }).code === 'idempotency-key-reused')).toBe(true);
    const keyed2 = results.slice(35);
    expect(keyed2.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(keyed2.map((r) => (r as { id: string }).id)).size).toBe(1);
    expect(await count('idempotency_key = $1', ['writer-key-0001'])).toBe(1);
    expect(await count('idempotency_key = $1', ['writer-key-0002'])).toBe(1);
    expect(await count()).toBe(22);
    // A later submission with a committed key replays the stored (sealed) receipt.
    const again = await submit(a, 'writer-key-0001');
    expect(again).toEqual({ ...keyed1[0], status: 200 });
    const stored = await getDeclaration(deps, (keyed1[0] as { id: string }).id);
    expect(stored?.data).toEqual(a.data);
    // One connection (PGlite): insertion order is arrival order. (On PostgreSQL concurrent batches
    // draw sequence numbers concurrently, as concurrent transactions always did.)
    const seq = await db.query<{ id: string }>('SELECT id FROM declarations WHERE idempotency_key IS NULL ORDER BY seq');
    const ids = results.slice(0, 20).map((r) => (r as { id: string }).id);
    if (db.kind === 'pglite') expect(seq.rows.map((r) => r.id)).toEqual(ids);
    else expect(seq.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('stores personal parts encrypted, readable with the cipher — sealed on the database thread where it can', async () => {
    const writer = createDeclarationWriter({ db, cipher });
    const results = await Promise.all(
      Array.from({ length: 3 }, () => writer.write({ prepared: prepareDeclaration(deps, daily('2026-11-26'), null, undefined) })),
    );
    for (const { body } of results) {
      const raw = (await db.query<{ personal_enc: string }>('SELECT personal_enc FROM declarations WHERE id = $1', [body.id])).rows[0];
      expect(raw?.personal_enc).toMatch(/^v1\.w1\./);
      expect(raw?.personal_enc).not.toContain('healthy');
      const found = await getDeclaration({ ...deps, db } as ServerDeps, body.id);
      expect(found?.data).toMatchObject({ date: '2026-11-26', states: ['healthy'] });
    }
    expect(db.queryWithSealedFields !== undefined).toBe(database === workerDatabase);
  });

  it('counts rows as node-postgres does: returned by a SELECT, affected by an INSERT or a DELETE', async () => {
    await db.exec('CREATE TABLE IF NOT EXISTS count_probe (id integer PRIMARY KEY)');
    await db.query('DELETE FROM count_probe');
    expect((await db.query('INSERT INTO count_probe SELECT g FROM generate_series(1, 3) AS g')).rowCount).toBe(3);
    expect((await db.query('SELECT id FROM count_probe')).rowCount).toBe(3);
    expect((await db.query('SELECT id FROM count_probe WHERE id > 5')).rowCount).toBe(0);
    expect((await db.query('DELETE FROM count_probe WHERE id < 3')).rowCount).toBe(2);
    expect((await db.query('INSERT INTO count_probe VALUES (1) ON CONFLICT DO NOTHING RETURNING id')).rowCount).toBe(1);
    expect((await db.query('INSERT INTO count_probe VALUES (1) ON CONFLICT DO NOTHING RETURNING id')).rowCount).toBe(0);
  });

  // Batch sizes sent to the database, in order, for n declarations queued in one turn.
  const batchSizes = async (options: { maxBatch?: number; concurrency?: number }, n = 10) => {
    const sizes: number[] = [];
    const counting: Database = {
      ...db,
      query: (sql, params) => {
        if (sql.startsWith('INSERT INTO declarations')) sizes.push((JSON.parse(params?.[0] as string) as unknown[]).length);
        return db.query(sql, params);
      },
    };
    const sealed = db.queryWithSealedFields?.bind(db);
    if (sealed !== undefined) {
      counting.queryWithSealedFields = (sql, params, sealing) => {
        sizes.push(params.rows.length);
        return sealed(sql, params, sealing);
      };
    }
    const writer = createDeclarationWriter({ db: counting, cipher }, options);
    const before = await count();
    const writes = Array.from({ length: n }, () =>
      writer.write({ prepared: prepareDeclaration(deps, daily('2026-11-24'), null, undefined) }),
    );
    const inTurn = [...sizes];
    const results = await Promise.all(writes);
    expect(results.map((r) => r.status)).toEqual(new Array(n).fill(201));
    expect(await count()).toBe(before + n);
    return { inTurn, all: sizes };
  };

  it('caps batches at maxBatch and sends a full batch at once, before the turn that filled it ends', async () => {
    const { inTurn, all } = await batchSizes({ maxBatch: 4, concurrency: 1 });
    // Still in the turn that queued them: the first full batch is already on its way, nothing else.
    expect(inTurn).toEqual([4]);
    // One batch in flight at a time, none over the cap: the rest follow as 4 + 2.
    expect(all).toEqual([4, 4, 2]);
  });

  it('keeps three batches in flight by default on the embedded database, one on PostgreSQL', async () => {
    const { inTurn, all } = await batchSizes({ maxBatch: 4 }, 18);
    expect(inTurn).toEqual(db.kind === 'pglite' ? [4, 4, 4] : [4]);
    expect(all).toEqual([4, 4, 4, 4, 2]);
  });

  it('caps batches at 24 by default on the embedded database, 32 on PostgreSQL', async () => {
    const { inTurn, all } = await batchSizes({}, 50);
    expect(inTurn).toEqual(db.kind === 'pglite' ? [24, 24] : [32]);
    expect(all).toEqual(db.kind === 'pglite' ? [24, 24, 2] : [32, 18]);
  });

  it('keeps the personal part of a unit sealed in a failed batch when it is written again alone', async () => {
    // A batch with an Idempotency-Key seals its rows on the request thread inside its transaction; when that
    // transaction fails, the unkeyed unit is written again alone — through the database thread where it has one.
    let failTransaction = true;
    const flaky: Database = {
      ...db,
      query: (sql, params, options) => db.query(sql, params, options),
      transaction: (fn) => {
        if (!failTransaction) return db.transaction(fn);
        failTransaction = false;
        return db.transaction(async (tx) => {
          await fn(tx);
          throw new Error('serialization failure');
        });
      },
    };
    const sealed = db.queryWithSealedFields?.bind(db);
    if (sealed !== undefined) flaky.queryWithSealedFields = sealed;
    const writer = createDeclarationWriter({ db: flaky, cipher });
    const unkeyed = prepareDeclaration(deps, daily('2026-11-21'), null, undefined);
    const personal = unkeyed.personal as string;
    const body = daily('2026-11-21');
    const scope = declarationIdempotencyScope(null);
    const [first] = await Promise.all([
      writer.write({ prepared: unkeyed }),
      writer.write({
        prepared: prepareDeclaration(deps, body, null, 'retry-key-0001'),
        idempotency: { scope, key: 'retry-key-0001', hash: requestHash(body) },
      }),
    ]);
    expect(failTransaction).toBe(false);
    const row = await db.query<{ personal_enc: string }>('SELECT personal_enc FROM declarations WHERE id = $1', [first.body.id]);
    expect(cipher.decrypt(row.rows[0]?.personal_enc as string, `declarations:${first.body.id}`)).toBe(personal);
  });

  it('re-runs each unit alone when a batch fails, so only a failing unit fails', async () => {
    let failQuery = true;
    let failTransaction = true;
    const flaky: Database = {
      kind: db.kind,
      query: (sql, params) => {
        if (failQuery && sql.startsWith('INSERT INTO declarations')) {
          failQuery = false;
          return Promise.reject(new Error('connection lost'));
        }
        return db.query(sql, params);
      },
      exec: (sql) => db.exec(sql),
      close: () => db.close(),
      transaction: (fn) => {
        if (failTransaction) {
          failTransaction = false;
          return Promise.reject(new Error('serialization failure'));
        }
        return db.transaction(fn);
      },
    };
    const writer = createDeclarationWriter({ db: flaky, cipher });
    const before = await count();
    const scope = declarationIdempotencyScope('tenant-x');
    const unkeyed = await Promise.all(
      Array.from({ length: 5 }, () => writer.write({ prepared: prepareDeclaration(deps, daily('2026-11-22'), 'tenant-x', undefined) })),
    );
    const keyed = await Promise.all(
      Array.from({ length: 5 }, (_, i) => {
        const body = daily('2026-11-23');
        const key = `flaky-key-000${i}`;
        return writer.write({
          prepared: prepareDeclaration(deps, body, 'tenant-x', key),
          idempotency: { scope, key, hash: requestHash(body) },
        });
      }),
    );
    expect([...unkeyed, ...keyed].map((r) => r.status)).toEqual(new Array(10).fill(201));
    expect(failQuery || failTransaction).toBe(false);
    expect(await count()).toBe(before + 10);
  });
});
