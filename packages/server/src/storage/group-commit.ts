/**
 * Group commit: concurrent write transactions are batched into ONE database transaction, and
 * every caller is answered only after that transaction has committed. Durability is unchanged
 * (nothing is acknowledged before COMMIT); atomicity per caller is kept (when any unit fails the
 * batch is rolled back and every unit runs again alone, so only the failing one fails); the fixed
 * cost of BEGIN/COMMIT (and the flush to disk) is paid once per batch instead of once per request.
 * Written here rather than taken from a library because it must sit exactly on the server's
 * {@link Database} interface.
 */
import type { Database, Queryable } from '../db/database';

interface Pending {
  work: (tx: Queryable) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Options of {@link groupCommitDatabase}. */
export interface GroupCommitOptions {
  /** Most units in one batch (default 256). */
  maxBatch?: number;
}

/**
 * Wraps a database so that `transaction()` goes through group commit; `query`, `exec` and
 * `close` pass through. Best on the embedded PGlite (one connection, so transactions run one
 * after another anyway); on PostgreSQL the pool already runs transactions in parallel.
 * Units of one batch run one after another on the same transaction, so they see each other's
 * writes in order, exactly as if they had run one after another. A unit may run twice (see
 * above): its work must touch only the database (no outside side effects) and must not open
 * another transaction through this wrapper.
 *
 * @param db - the database.
 * @param options - batch size.
 * @returns a database with batched transactions.
 * @example
 * ```ts
 * const db = groupCommitDatabase(await openPglite('./.healthtrace/db'));
 * await db.transaction(async (tx) => tx.query('INSERT INTO t VALUES ($1)', [1]));
 * ```
 */
export function groupCommitDatabase(db: Database, options: GroupCommitOptions = {}): Database {
  const maxBatch = options.maxBatch ?? 256;
  const queue: Pending[] = [];
  let running = false;

  /** Runs one unit alone, in its own transaction (the fallback path). */
  const runAlone = async (unit: Pending): Promise<void> => {
    try {
      unit.resolve(await db.transaction((tx) => unit.work(tx)));
    } catch (error) {
      unit.reject(error);
    }
  };

  const flush = async (): Promise<void> => {
    running = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      if (batch.length === 1) {
        await runAlone(batch[0] as Pending);
        continue;
      }
      let values: unknown[];
      try {
        // Fast path: every unit on one transaction, no savepoints.
        values = await db.transaction(async (tx) => {
          const out: unknown[] = [];
          for (const unit of batch) out.push(await unit.work(tx));
          return out;
        });
      } catch {
        // A unit failed (or the commit did): nothing of the batch was committed. Each unit runs
        // again alone, so that only the failing one fails — units must be re-runnable, as for a
        // serialisation-failure retry.
        for (const unit of batch) await runAlone(unit);
        continue;
      }
      batch.forEach((unit, i) => {
        unit.resolve(values[i]);
      });
    }
    running = false;
  };

  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
        // Let the requests already parsed in this turn of the event loop join the batch.
        if (!running) {
          running = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
