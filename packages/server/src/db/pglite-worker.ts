import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database, Queryable, QueryResult } from './database';

/**
 * The worker thread's program. It owns the PGlite instance and runs what the main thread asks:
 * `query`, `exec`, and transactions driven statement by statement (`begin`, `query` with the
 * transaction's id, `commit`/`rollback`), so the database engine (WebAssembly, file writes)
 * runs on another core than HTTP, validation and encryption. Kept as plain JavaScript source
 * (evaluated by `new Worker(…, { eval: true })`) so that it runs the same from the TypeScript
 * sources, under test runners and from the built package, without a separate entry file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createCipheriv, randomBytes } = require('node:crypto');
const { PGlite } = require(workerData.pglitePath);
// Seals texts (Database.queryWithSealedFields): AES-256-GCM, fresh 12-byte IV, AAD = prefix + id,
// written as createFieldCipher writes (src/storage/field-encryption.ts; test/declaration-writer.test.ts
// decrypts these with it). Returns the ciphertexts, in order.
// IVs come from a pool of random bytes filled 4 KiB at a time: one randomBytes(12) call per row cost ~5 µs here.
// Each IV is handed out once; a new pool is allocated when one is used up.
const IV_POOL = 12 * 341;
let ivPool = randomBytes(IV_POOL);
let ivAt = 0;
const nextIv = () => {
  if (ivAt + 12 > IV_POOL) {
    ivPool = randomBytes(IV_POOL);
    ivAt = 0;
  }
  ivAt += 12;
  return ivPool.subarray(ivAt - 12, ivAt);
};
const isStrings = (a) => Array.isArray(a) && a.every((v) => typeof v === 'string');
const sealTexts = (clear, ids, s) => {
  if (!isStrings(clear) || !isStrings(ids) || clear.length !== ids.length) {
    throw new TypeError('clear and ids must be arrays of strings of one length');
  }
  const key = Buffer.from(s.key.key);
  const prefix = 'v1.' + s.key.id + '.';
  const out = new Array(clear.length);
  for (let i = 0; i < clear.length; i++) {
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(s.aadPrefix + ids[i], 'utf8'));
    const body = Buffer.concat([cipher.update(clear[i], 'utf8'), cipher.final()]);
    out[i] = prefix + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }
  return out;
};
const errorFields = (e) => {
  const out = { message: e && e.message ? String(e.message) : String(e) };
  if (e instanceof TypeError) out.name = 'TypeError';
  if (e && typeof e === 'object') {
    for (const [k, v] of Object.entries(e)) {
      if (k !== 'message' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) out[k] = v;
    }
  }
  return out;
};
const reply = (id, value) => parentPort.postMessage({ id, value });
const fail = (id, e) => parentPort.postMessage({ id, error: errorFields(e) });
// PGlite reports affectedRows 0 for a SELECT: rowCount is the rows returned there, the rows affected otherwise.
const shape = (r) => ({ rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) });
const ROLLBACK = Symbol('rollback');
const transactions = new Map();
const nextOf = (tx) => new Promise((resolve) => {
  if (tx.queue.length > 0) resolve(tx.queue.shift());
  else tx.wake = resolve;
});
// The sealed insert runs as a named prepared statement driven through PGlite's wire-protocol entry
// (execProtocol): Bind + Execute + Sync in one message, the parameter's bytes written by Buffer.
// PGlite's query() costs ~30 µs more per row of a batch here (measured): it parses and plans the
// statement every time, makes six calls into the engine (Parse, Describe, Bind, Describe, Execute,
// Sync) and measures each string parameter in a JavaScript loop. Under PGlite's transaction lock
// (what query() takes), so it never runs inside another caller's open transaction.
const statements = new Map();
const cstring = (text) => Buffer.from(text + '\\0', 'utf8');
const frame = (code, parts) => {
  const length = parts.reduce((n, p) => n + p.length, 4);
  const out = Buffer.allocUnsafe(1 + length);
  out[0] = code.charCodeAt(0);
  out.writeInt32BE(length, 1);
  let at = 5;
  for (const p of parts) at += p.copy(out, at);
  return out;
};
const int16 = (n) => { const b = Buffer.allocUnsafe(2); b.writeInt16BE(n); return b; };
const int32 = (n) => { const b = Buffer.allocUnsafe(4); b.writeInt32BE(n); return b; };
const EXECUTE_SYNC = Buffer.concat([frame('E', [cstring(''), int32(0)]), frame('S', [])]);
// Bind + Execute + Sync written into one buffer kept from call to call (grown when a batch needs more): a
// fresh buffer of a batch's size per call is external memory that made V8 run a full GC of this thread several
// times a second. PGlite reads the message synchronously, and calls run one at a time (\`exclusive\`).
let message = Buffer.allocUnsafeSlow(64 * 1024);
// Every parameter is a text[] in PostgreSQL's binary format: ndim, has-null flag, element type (25 = text),
// then (length, lower bound) of the one dimension and each element as (byte length | -1 for NULL, bytes).
// The engine copies these bytes as they are (no array literal to parse, nothing to escape).
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
const arrayBytes = (values) => {
  let n = values.length === 0 ? 12 : 20;
  for (const v of values) n += v === null ? 4 : 4 + Buffer.byteLength(v, 'utf8');
  return n;
};
const writeTextArray = (values, at) => {
  at = message.writeInt32BE(values.length === 0 ? 0 : 1, at);
  at = message.writeInt32BE(values.includes(null) ? 1 : 0, at);
  at = message.writeInt32BE(TEXT_OID, at);
  if (values.length === 0) return at;
  at = message.writeInt32BE(values.length, at);
  at = message.writeInt32BE(1, at);
  for (const v of values) {
    if (v === null) {
      at = message.writeInt32BE(-1, at);
      continue;
    }
    const size = message.write(v, at + 4, 'utf8');
    at = message.writeInt32BE(size, at);
    at += size;
  }
  return at;
};
const bindExecuteSync = (name, columns) => {
  const sizes = columns.map(arrayBytes);
  const bindLength = 4 + 1 + Buffer.byteLength(name, 'utf8') + 1 + 2 + 2 + 2 + sizes.reduce((n, size) => n + 4 + size, 0) + 2;
  const total = 1 + bindLength + EXECUTE_SYNC.length;
  if (message.length < total) message = Buffer.allocUnsafeSlow(Math.max(total, message.length * 2));
  let at = 0;
  message[at++] = 0x42; // 'B'
  at = message.writeInt32BE(bindLength, at);
  message[at++] = 0; // unnamed portal
  at += message.write(name, at, 'utf8');
  message[at++] = 0;
  at = message.writeInt16BE(1, at); // one format code for every parameter:
  at = message.writeInt16BE(1, at); // binary
  at = message.writeInt16BE(columns.length, at);
  columns.forEach((values, i) => {
    at = message.writeInt32BE(sizes[i], at);
    at = writeTextArray(values, at);
  });
  at = message.writeInt16BE(0, at); // results in text format
  at += EXECUTE_SYNC.copy(message, at);
  return message.subarray(0, at);
};
// A column value as the text the engine reads (Database.queryWithSealedFields): strings as they are (well-formed
// UTF-16 only: a lone surrogate would silently become U+FFFD in UTF-8), null as NULL, numbers and booleans as
// their text, anything else as its JSON (JSON.stringify escapes lone surrogates).
const columnText = (v) => {
  if (typeof v === 'string') {
    if (!v.isWellFormed()) throw new TypeError('rows: a string value has a lone surrogate');
    return v;
  }
  if (v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && v !== undefined) return JSON.stringify(v);
  throw new TypeError('rows: values must be strings, numbers, booleans, null or JSON objects');
};
// The rows' columns (column k of every row), then the sealed texts.
const columnsOf = (rows) => {
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => Array.isArray(r) && r.length === rows[0].length)) {
    throw new TypeError('rows must be a non-empty array of arrays of one length');
  }
  const columns = [];
  for (let k = 0; k < rows[0].length; k++) columns.push(rows.map((r) => columnText(r[k])));
  return columns;
};
let pg;
const exclusive = (fn) => pg._runExclusiveTransaction(() => pg.runExclusive(fn));
// Prepared once per (statement, parameter count), every parameter declared text[].
const runPrepared = (sql, columns) =>
  exclusive(async () => {
    const signature = columns.length + ':' + sql;
    let name = statements.get(signature);
    if (name === undefined) {
      const candidate = 'healthtrace_' + (statements.size + 1);
      const types = [int16(columns.length), ...columns.map(() => int32(TEXT_ARRAY_OID))];
      await pg.execProtocol(Buffer.concat([frame('P', [cstring(candidate), cstring(sql), ...types]), frame('S', [])]));
      statements.set(signature, candidate);
      name = candidate;
    }
    const { messages } = await pg.execProtocol(bindExecuteSync(name, columns));
    const done = messages.find((msg) => msg.name === 'commandComplete');
    const count = done ? Number(/(\\d+)$/.exec(done.text)?.[1] ?? 0) : 0;
    return { rows: [], rowCount: count };
  });
(async () => {
  pg = await PGlite.create(workerData.dataDir);
  const begin = (m) => {
    const tx = { queue: [], wake: null };
    transactions.set(m.tx, tx);
    let last = m.id;
    pg.transaction(async (t) => {
      reply(m.id, null);
      for (;;) {
        const next = await nextOf(tx);
        last = next.id;
        if (next.op === 'commit') return;
        if (next.op === 'rollback') throw ROLLBACK;
        try {
          reply(next.id, shape(await t.query(next.sql, next.params)));
        } catch (e) {
          fail(next.id, e);
        }
      }
    }).then(
      () => { transactions.delete(m.tx); reply(last, null); },
      (e) => { transactions.delete(m.tx); if (e === ROLLBACK) reply(last, null); else fail(last, e); },
    );
  };
  parentPort.on('message', (m) => {
    if (m.tx !== undefined && m.op !== 'begin') {
      const tx = transactions.get(m.tx);
      if (!tx) return fail(m.id, new Error('no such transaction'));
      if (tx.wake) { const wake = tx.wake; tx.wake = null; wake(m); } else tx.queue.push(m);
      return;
    }
    if (m.op === 'begin') return begin(m);
    if (m.op === 'query') return pg.query(m.sql, m.params).then((r) => reply(m.id, shape(r)), (e) => fail(m.id, e));
    if (m.op === 'sealed') {
      let columns;
      try {
        columns = columnsOf(m.rows);
        if (m.clear.length !== m.rows.length) throw new TypeError('clear must have one text per row');
        columns.push(sealTexts(m.clear, m.ids, m.sealing));
      } catch (e) { return fail(m.id, e); }
      return runPrepared(m.sql, columns).then((r) => reply(m.id, r), (e) => fail(m.id, e));
    }
    if (m.op === 'exec') return pg.exec(m.sql).then(() => reply(m.id, null), (e) => fail(m.id, e));
    if (m.op === 'close') return pg.close().then(() => reply(m.id, null), (e) => fail(m.id, e));
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ fatal: errorFields(e) }));
`;

interface Call {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Rebuilds an error sent by the worker, keeping its fields (`code`, `detail`…) and, for a `TypeError`, its class. */
function toError(fields: Record<string, unknown>): Error {
  // An argument refused on the thread is a TypeError here too.
  const error = fields.name === 'TypeError' ? new TypeError(String(fields.message)) : new Error(String(fields.message));
  for (const [k, v] of Object.entries(fields)) if (k !== 'message' && k !== 'name') (error as unknown as Record<string, unknown>)[k] = v;
  return error;
}

/**
 * Opens the embedded database (PGlite) in a worker thread: the same {@link Database} as
 * `openPglite`, but the engine runs on its own thread, so on a machine with more than one core
 * the database work of one request overlaps the HTTP parsing, validation and encryption of the
 * next ones. Values cross the thread boundary by structured clone (dates, byte arrays and
 * parsed JSON survive as they are). It also seals fields on its thread ({@link Database.queryWithSealedFields}):
 * the declaration writer hands it clear personal parts and the key, and AES-GCM runs off the request thread.
 * Durability is PGlite's own: a call resolves only after the
 * engine has finished the statement (for a COMMIT: written its WAL to the file system).
 *
 * @param dataDir - folder for the database files (created when missing), or `undefined` for an
 *   in-memory database.
 * @returns the database; `close()` closes PGlite and ends the thread.
 * @throws Error when the worker or PGlite fails to start.
 * @example
 * ```ts
 * const db = await openPgliteWorker('./.healthtrace/db');
 * await db.query('SELECT 1');
 * ```
 */
export async function openPgliteWorker(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  // ESM: this module's URL; the CommonJS build (where `import.meta` is empty) falls back to `__filename`.
  const require = createRequire((import.meta as { url?: string }).url ?? __filename);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      pglitePath: require.resolve('@electric-sql/pglite'),
      dataDir: dataDir === undefined ? undefined : `file://${dataDir}`,
    },
  });
  const calls = new Map<number, Call>();
  let nextId = 1;
  let nextTx = 1;
  let failure: Error | undefined;
  // The thread keeps the process alive only while calls are pending.
  worker.unref();
  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: { ready?: boolean; fatal?: Record<string, unknown> }): void => {
      worker.off('message', onMessage);
      if (m.fatal) reject(toError(m.fatal));
      else resolve();
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
  const failAll = (error: Error): void => {
    failure ??= error;
    for (const call of calls.values()) call.reject(error);
    calls.clear();
  };
  worker.on('message', (m: { id: number; value?: unknown; error?: Record<string, unknown> }) => {
    const call = calls.get(m.id);
    if (!call) return;
    calls.delete(m.id);
    if (calls.size === 0) worker.unref();
    if (m.error) call.reject(toError(m.error));
    else call.resolve(m.value);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the database thread exited (${code})`)));

  const call = <T>(message: Record<string, unknown>): Promise<T> => {
    if (failure) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      const id = nextId++;
      if (calls.size === 0) worker.ref();
      calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  };
  const queryOn =
    (tx: number | undefined) =>
    <T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> =>
      call<QueryResult<T>>({ op: 'query', sql, params, tx });

  return {
    kind: 'pglite',
    query: queryOn(undefined),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const tx = nextTx++;
      await call({ op: 'begin', tx });
      const queryable: Queryable = { query: queryOn(tx) };
      let result: T;
      try {
        result = await fn(queryable);
      } catch (error) {
        await call({ op: 'rollback', tx }).catch(() => {});
        throw error;
      }
      await call({ op: 'commit', tx });
      return result;
    },
    async exec(sql) {
      await call({ op: 'exec', sql });
    },
    queryWithSealedFields(sql, { rows, clear, ids }, sealing) {
      // The rows cross by structured clone: flat strings copy fast (a row of 13: ~1.4 µs in a microbenchmark,
      // ~3 in the loaded server); a nested object costs its every property, so callers pass JSON text instead.
      return call({ op: 'sealed', sql, rows, clear, ids, sealing });
    },
    async close() {
      if (!failure) await call({ op: 'close' });
      await worker.terminate();
    },
  };
}
