/**
 * The declaration write path, batched: submissions that arrive while the database is busy are
 * written together in ONE transaction — one multi-row `INSERT … ON CONFLICT DO NOTHING` for their
 * Idempotency-Keys, one multi-row `INSERT` for the declarations — and every caller is answered
 * only after that transaction has committed (nothing is acknowledged before COMMIT, so an
 * acknowledged declaration survives `kill -9`). Per row this costs a tenth of a transaction per
 * request on the embedded database, where a statement and a commit are expensive. Written here
 * rather than taken from a library because the batching is specific to these two tables and to
 * the idempotency semantics of `runIdempotent` (`src/http/idempotency.ts`), which it keeps exactly: one row per key
 * whatever the timing (duplicates in one batch are folded onto the first, duplicates in
 * concurrent batches wait on the primary key), a replay (200) of the stored first response, and
 * 409 for a key reused with another body.
 */
import type { Database, Queryable, SealedParameters } from '../db/database';
import { type IdempotentResult, replayIdempotent, storedIdempotentResponse } from '../http/idempotency';
import type { FieldCipher } from '../storage/field-encryption';
import {
  DECLARATION_AAD_PREFIX,
  DECLARATION_INSERT_COLUMNS,
  type DeclarationReceipt,
  PERSONAL_ENC_INDEX,
  type PreparedDeclaration,
  sealDeclaration,
} from './store';

/** One submission to write. */
export interface DeclarationWrite {
  /** The row and receipt (`prepareDeclaration` in `store.ts`). */
  prepared: PreparedDeclaration;
  /** The request's idempotency scope, key (already syntax-checked) and body hash, when it sent a key. */
  idempotency?: { scope: string; key: string; hash: string } | undefined;
}

/** Writes declarations in batches. */
export interface DeclarationWriter {
  /**
   * Queues a declaration; resolves once it is committed (201), or with the replay of an earlier
   * submission with the same Idempotency-Key (200).
   *
   * @param write - the submission.
   * @returns the first response, or its replay.
   * @throws HttpProblem 409 when the key was used with another body (or is being processed);
   *   the database's error when the write fails.
   */
  write(write: DeclarationWrite): Promise<IdempotentResult<DeclarationReceipt>>;
}

/** Options of {@link createDeclarationWriter}. */
export interface DeclarationWriterOptions {
  /**
   * Most declarations in one transaction: default 24 on the embedded database (`kind` `"pglite"`), 32 on
   * PostgreSQL. A full batch is sent at once, without waiting for the end of the event-loop turn. Why a cap at
   * all: under a closed load (clients that send their next request once answered) an uncapped batch swallows
   * every pending request, the database then writes while the request thread has nothing left to parse, and the
   * next batch swallows them all again — the load moves as one convoy and each stage idles while the other
   * works. Capped, batches alternate: one is written while the thread parses the next (measured: ~7,300–8,000
   * req/s instead of ~6,500–7,250 in `pnpm bench:server` when the cap came in).
   */
  maxBatch?: number;
  /**
   * Batches in flight at once: default 3 on the embedded database, 1 on PostgreSQL. The next batch collects
   * what arrives while one commits, up to `maxBatch`, so batches grow with the load. The embedded engine writes
   * one batch at a time anyway: the batches behind the first wait on its thread and start the moment it
   * commits, instead of after its answer has crossed back to this thread and this thread has got round to
   * sending the next. Smaller batches, more of them in flight, keep both threads busier on two cores: with
   * 64 clients, 3 × 24 measured 7–9 % more requests a second than 2 × 32 (A/B runs with both servers up, loaded in
   * alternating rounds), as did 4 × 16; 2 × 32 had measured 11–19 % more than 1 × 32. On
   * PostgreSQL a second batch competed with the first for the same two cores and measured no better (2 × 16
   * and 2 × 24 measured 10 % worse to 2 % better than 1 × 32).
   */
  concurrency?: number;
}

interface Pending {
  write: DeclarationWrite;
  /** The JSON stored in `idempotency_keys.response` (sealed receipt), when keyed. */
  stored: string | undefined;
  resolve: (value: IdempotentResult<DeclarationReceipt>) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: IdempotentResult<DeclarationReceipt> } | { error: unknown };

/** Each column's type, in {@link DECLARATION_INSERT_COLUMNS} order (the batch's values arrive as text). */
const COLUMN_CASTS = ['', '', '::timestamptz', '::date', '::date', '', '', '', '::boolean', '', '', '', ''] as const;

/** `INSERT … SELECT` of the declaration columns, column `i` read by `column(i)` from `source`. */
const insertDeclarationsFrom = (column: (i: number) => string, source: string): string =>
  `INSERT INTO declarations (${DECLARATION_INSERT_COLUMNS})
  SELECT ${COLUMN_CASTS.map((cast, i) => `(${column(i)})${cast}`).join(', ')}
  FROM ${source}`;

/**
 * The batch insert where the rows are sealed here: they travel as ONE JSON text (`[[id, type, …], …]`) — a
 * single string parameter costs the driver one copy, where 13 text arrays cost an escaping pass per element.
 * Read as `jsonb`, so the database parses the text once (as `json`, every `->>` re-scans the row's text).
 */
const INSERT_DECLARATIONS = insertDeclarationsFrom((i) => `r->>${i}`, 'jsonb_array_elements($1::jsonb) AS r');

/**
 * The batch insert for a database that seals on its own thread ({@link Database.queryWithSealedFields}): the
 * rows' columns arrive as `$1`…`$13` (`text[]`, binary: nothing for the engine to parse), the sealed personal
 * parts as `$14`, zipped by `unnest`. On the embedded database this costs ~10 µs a row less than reading the
 * rows from one `jsonb` text.
 */
const INSERT_DECLARATIONS_SEALED_APART = insertDeclarationsFrom(
  (i) => (i === PERSONAL_ENC_INDEX ? 'enc' : `c${i}`),
  `unnest(${COLUMN_CASTS.map((_, i) => `$${i + 1}::text[]`).join(', ')}, $${COLUMN_CASTS.length + 1}::text[]) AS t(${COLUMN_CASTS.map((_, i) => `c${i}`).join(', ')}, enc)`,
);

/** The write path's statements run on every batch: kept prepared where the engine can (PostgreSQL). */
const PREPARED = { prepare: true } as const;

const CLAIM_KEYS = `INSERT INTO idempotency_keys (scope, key, request_hash, status, response)
  SELECT s, k, h, 201, r::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(s, k, h, r)
  ON CONFLICT (scope, key) DO NOTHING RETURNING scope, key`;

const PRIOR_KEYS = `SELECT i.scope, i.key, i.request_hash, i.response FROM idempotency_keys i
  JOIN unnest($1::text[], $2::text[]) AS t(s, k) ON i.scope = t.s AND i.key = t.k`;

/**
 * The parameter of {@link INSERT_DECLARATIONS}: the rows of `rows`, in that order, sealed (personal
 * parts encrypted, all in one loop), as JSON text (one stringify pass).
 */
function insertRows(cipher: FieldCipher, batch: readonly Pending[], rows: readonly number[]): string {
  return JSON.stringify(rows.map((unitIndex) => sealDeclaration(cipher, (batch[unitIndex] as Pending).write.prepared)));
}

/**
 * The parameters of {@link INSERT_DECLARATIONS_SEALED_APART} for a database that seals on its own thread: the rows
 * (their personal slot left empty), their personal parts in clear and their ids, in batch order. Every unit of
 * `batch` still has its personal part in clear.
 */
function rowsToSeal(batch: readonly Pending[]): SealedParameters {
  const clear: string[] = [];
  const ids: string[] = [];
  const rows = batch.map((unit) => {
    const { values, personal } = unit.write.prepared;
    clear.push(personal as string);
    ids.push(values[0]);
    return values;
  });
  return { rows, clear, ids };
}

const keyOf = (scope: string, key: string): string => `${scope}\u0000${key}`;

/**
 * Writes one batch in one transaction and returns each unit's outcome (a unit's 409 is an
 * outcome; a database error throws and rolls the whole batch back).
 */
async function commitBatch(db: Database, cipher: FieldCipher, batch: readonly Pending[]): Promise<Outcome[]> {
  if (batch.every((unit) => unit.write.idempotency === undefined)) {
    // No keys: the batch is ONE statement, atomic and durable on its own (autocommit), so no
    // BEGIN/COMMIT round trips (each one a message to the embedded database's thread). A database
    // that seals fields on its own thread (the embedded one) encrypts the personal parts there:
    // ~13 µs a submission off the request thread.
    // Only when every row is still in clear: a unit sealed here in a batch that then failed is written again
    // alone, with its ciphertext in place (`insertRows` passes it through).
    const key = cipher.currentKey?.();
    if (db.queryWithSealedFields !== undefined && key !== undefined && batch.every((unit) => unit.write.prepared.personal !== undefined)) {
      await db.queryWithSealedFields(INSERT_DECLARATIONS_SEALED_APART, rowsToSeal(batch), { key, aadPrefix: DECLARATION_AAD_PREFIX });
    } else {
      await db.query(
        INSERT_DECLARATIONS,
        [
          insertRows(
            cipher,
            batch,
            batch.map((_, i) => i),
          ),
        ],
        PREPARED,
      );
    }
    return batch.map((unit) => ({ ok: { status: 201, body: unit.write.prepared.receipt, replayed: false } }));
  }
  return db.transaction(async (tx: Queryable) => {
    const outcomes: (Outcome | undefined)[] = new Array(batch.length);
    // Duplicates of one key inside the batch follow the first ("leader").
    const leaders = new Map<string, number>();
    const followers: [index: number, leader: number][] = [];
    const keyed: number[] = [];
    const inserts: number[] = [];
    batch.forEach((unit, i) => {
      const idem = unit.write.idempotency;
      if (idem === undefined) {
        inserts.push(i);
        return;
      }
      const k = keyOf(idem.scope, idem.key);
      const leader = leaders.get(k);
      if (leader === undefined) {
        leaders.set(k, i);
        keyed.push(i);
      } else followers.push([i, leader]);
    });
    const priorRows = new Map<string, { request_hash: string; response: unknown }>();
    if (keyed.length > 0) {
      // A fixed order of key claims, so two batches never wait on each other's keys crosswise.
      const order = [...keyed].sort((a, b) => {
        const x = batch[a]?.write.idempotency as { scope: string; key: string };
        const y = batch[b]?.write.idempotency as { scope: string; key: string };
        return x.scope < y.scope ? -1 : x.scope > y.scope ? 1 : x.key < y.key ? -1 : x.key > y.key ? 1 : 0;
      });
      const idems = order.map((i) => batch[i]?.write.idempotency as { scope: string; key: string; hash: string });
      const claimed = await tx.query<{ scope: string; key: string }>(
        CLAIM_KEYS,
        [idems.map((d) => d.scope), idems.map((d) => d.key), idems.map((d) => d.hash), order.map((i) => batch[i]?.stored as string)],
        PREPARED,
      );
      const claimedKeys = new Set(claimed.rows.map((r) => keyOf(r.scope, r.key)));
      const lost = order.filter((i) => {
        const d = batch[i]?.write.idempotency as { scope: string; key: string };
        return !claimedKeys.has(keyOf(d.scope, d.key));
      });
      if (lost.length > 0) {
        const lostIdems = lost.map((i) => batch[i]?.write.idempotency as { scope: string; key: string });
        const prior = await tx.query<{ scope: string; key: string; request_hash: string; response: unknown }>(PRIOR_KEYS, [
          lostIdems.map((d) => d.scope),
          lostIdems.map((d) => d.key),
        ]);
        for (const row of prior.rows) priorRows.set(keyOf(row.scope, row.key), row);
      }
      for (const i of keyed) {
        const d = batch[i]?.write.idempotency as { scope: string; key: string; hash: string };
        if (claimedKeys.has(keyOf(d.scope, d.key))) inserts.push(i);
        else outcomes[i] = replay(d, priorRows.get(keyOf(d.scope, d.key)), cipher);
      }
      inserts.sort((a, b) => a - b);
    }
    if (inserts.length > 0) {
      for (const i of inserts) outcomes[i] = { ok: { status: 201, body: (batch[i] as Pending).write.prepared.receipt, replayed: false } };
      await tx.query(INSERT_DECLARATIONS, [insertRows(cipher, batch, inserts)], PREPARED);
    }
    for (const [i, leader] of followers) {
      const d = batch[i]?.write.idempotency as { scope: string; key: string; hash: string };
      const first = batch[leader] as Pending;
      const firstOutcome = outcomes[leader];
      if (firstOutcome !== undefined && 'ok' in firstOutcome && !firstOutcome.ok.replayed) {
        // The leader claimed the key in this very batch: replay its receipt, or refuse another body.
        outcomes[i] = replay(
          d,
          { request_hash: first.write.idempotency?.hash as string, response: JSON.parse(first.stored as string) },
          cipher,
        );
      } else outcomes[i] = replay(d, priorRows.get(keyOf(d.scope, d.key)), cipher);
    }
    return outcomes as Outcome[];
  });
}

function replay(
  d: { scope: string; key: string; hash: string },
  row: { request_hash: string; response: unknown } | undefined,
  cipher: FieldCipher,
): Outcome {
  try {
    return { ok: replayIdempotent<DeclarationReceipt>(d.scope, d.key, d.hash, row, cipher) };
  } catch (error) {
    return { error };
  }
}

/**
 * Creates the batching declaration writer. The database and the cipher are read from `deps` at
 * each use, so a cipher swapped during key rotation is honoured.
 *
 * @param deps - where to write (`db`) and how to seal stored receipts (`cipher`).
 * @param options - batch size and concurrency.
 * @returns the writer.
 * @example
 * ```ts
 * const writer = createDeclarationWriter(deps);
 * const { status, body } = await writer.write({ prepared: prepareDeclaration(deps, submission, null, undefined) });
 * ```
 */
export function createDeclarationWriter(
  deps: { readonly db: Database; readonly cipher: FieldCipher },
  options: DeclarationWriterOptions = {},
): DeclarationWriter {
  const embedded = deps.db.kind === 'pglite';
  const maxBatch = options.maxBatch ?? (embedded ? 24 : 32);
  const concurrency = options.concurrency ?? (embedded ? 3 : 1);
  const queue: Pending[] = [];
  let running = 0;
  let scheduled = false;

  const settle = (batch: readonly Pending[], outcomes: readonly Outcome[]): void => {
    batch.forEach((unit, i) => {
      const outcome = outcomes[i] as Outcome;
      if ('ok' in outcome) unit.resolve(outcome.ok);
      else unit.reject(outcome.error);
    });
  };

  const writeBatch = async (batch: Pending[]): Promise<void> => {
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      running--;
      run();
    };
    try {
      const outcomes = await commitBatch(deps.db, deps.cipher, batch);
      // The next batch goes to the database before this one's callers are answered: answering
      // them is this thread's HTTP work (~1 ms for a full batch), which the database need not wait for.
      release();
      settle(batch, outcomes);
    } catch (error) {
      if (batch.length === 1) {
        (batch[0] as Pending).reject(error);
        return;
      }
      // Nothing of the batch was committed (e.g. a serialisation failure or a lost connection):
      // each unit is written again alone, so only a unit that fails by itself fails.
      for (const unit of batch) {
        try {
          settle([unit], await commitBatch(deps.db, deps.cipher, [unit]));
        } catch (alone) {
          unit.reject(alone);
        }
      }
    } finally {
      release();
    }
  };

  const run = (): void => {
    scheduled = false;
    while (running < concurrency && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      running++;
      void writeBatch(batch);
    }
  };

  const schedule = (): void => {
    if (scheduled || running >= concurrency || queue.length === 0) return;
    scheduled = true;
    // Let the submissions already parsed in this turn of the event loop join the batch.
    setImmediate(run);
  };

  return {
    write(write) {
      return new Promise((resolve, reject) => {
        const idem = write.idempotency;
        const stored = idem === undefined ? undefined : storedIdempotentResponse(idem.scope, idem.key, write.prepared.receipt, deps.cipher);
        queue.push({ write, stored, resolve, reject });
        // A full batch goes now (the database starts on it while this turn parses the rest);
        // a partial one at the end of the turn, with whatever else this turn parses.
        if (queue.length >= maxBatch && running < concurrency) run();
        else schedule();
      });
    },
  };
}
