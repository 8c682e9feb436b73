import type { Database } from './database';
import { migrations } from './migrations/index';

/** One versioned migration. */
export interface Migration {
  /** Version: unique, ascending. Areas use their own hundreds (see `migrations/index.ts`). */
  version: number;
  /** Short name. */
  name: string;
  /** The SQL (several statements allowed). */
  sql: string;
}

/**
 * Applies every migration not applied yet, in version order, each in its own transaction,
 * under an advisory lock so that several server processes starting together on one
 * PostgreSQL primary do not race.
 *
 * @param db - the database.
 * @param list - the migrations (default: all of the server's).
 * @returns the versions applied now.
 * @example
 * ```ts
 * await migrate(db);
 * ```
 */
export async function migrate(db: Database, list: readonly Migration[] = migrations): Promise<number[]> {
  const sorted = [...list].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.version === sorted[i - 1]!.version) throw new Error(`duplicate migration version ${sorted[i]!.version}`);
  }
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  await db.transaction(async (tx) => {
    // Serialise concurrent starters (a no-op cost on PGlite, which has one connection).
    await tx.query('SELECT pg_advisory_xact_lock(727272)');
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of sorted) {
      if (done.has(m.version)) continue;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
  });
  return applied;
}

/** Splits a migration into statements on semicolons outside quotes and dollar-quoted bodies. */
function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] as string;
    if (quote) {
      current += ch;
      if (quote === "'" && ch === "'") quote = null;
      else if (quote.startsWith('$') && sql.startsWith(quote, i)) {
        current += sql.slice(i + 1, i + quote.length);
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (ch === "'") quote = "'";
    else if (ch === '$') {
      const m = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (m) {
        quote = m[0];
        current += m[0];
        i += m[0].length - 1;
        continue;
      }
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      continue;
    } else if (ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
