import { bytesToHex, hexToBytes } from '@healthtrace/core';
import { BluezoneF0Error, type F0Entry, formatF0Payload, parseF0Payload } from '@healthtrace/rolling-id';
import type { ServerDeps } from '../http/context';
import { HttpProblem } from '../http/problem';

/** At most this many daily keys per publish (a case has at most ~21 days of keys; generous). */
export const MAX_F0_ENTRIES = 100;
/** Entries are served for this many days after publication. */
export const F0_RETENTION_DAYS = 15;

/**
 * Stores the Bluezone daily keys of a confirmed case, validated by `parseF0Payload` of
 * `@healthtrace/rolling-id`. A daily key published before is skipped (not an error).
 *
 * @param deps - the server's dependencies.
 * @param body - `{ data: [{ daily_key, time_start, time_end, max }] }`.
 * @returns how many entries were new.
 * @throws HttpProblem 400 (shape) or 422 `bad-f0-payload`.
 */
export async function publishBluezoneF0(deps: ServerDeps, body: Record<string, unknown>): Promise<{ inserted: number }> {
  for (const k of Object.keys(body)) if (k !== 'data') throw new HttpProblem(400, 'bad-request', `Unknown member ${k}`);
  if (!Array.isArray(body.data)) throw new HttpProblem(400, 'bad-request', 'data must be an array');
  if (body.data.length > MAX_F0_ENTRIES) throw new HttpProblem(422, 'too-many-entries', `At most ${MAX_F0_ENTRIES} entries`);
  let entries: F0Entry[];
  try {
    entries = parseF0Payload(body);
  } catch (error) {
    if (error instanceof BluezoneF0Error) throw new HttpProblem(422, 'bad-f0-payload', error.message);
    throw error;
  }
  const now = deps.now().toISOString();
  return deps.db.transaction(async (tx) => {
    let inserted = 0;
    for (const e of entries) {
      const r = await tx.query(
        `INSERT INTO bluezone_f0 (daily_key, time_start, time_end, slots, published_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (daily_key) DO NOTHING RETURNING id`,
        [bytesToHex(e.dailyKey), e.timeStart, e.timeEnd, e.max, now],
      );
      inserted += r.rows.length;
    }
    return { inserted };
  });
}

/**
 * The F0 payload phones fetch: entries published after `since` (default: the retention period),
 * oldest first, formatted by `formatF0Payload` of `@healthtrace/rolling-id`.
 *
 * @param deps - the server's dependencies.
 * @param since - only entries published after this time.
 * @returns the JSON text `{"data":[…]}`.
 */
export async function bluezoneF0Since(deps: ServerDeps, since: Date | undefined): Promise<string> {
  const floor = new Date(deps.now().getTime() - F0_RETENTION_DAYS * 86_400_000);
  const after = since && since > floor ? since : floor;
  const rows = await deps.db.query<{ daily_key: string; time_start: string | number; time_end: string | number; slots: number }>(
    'SELECT daily_key, time_start, time_end, slots FROM bluezone_f0 WHERE published_at > $1 ORDER BY id',
    [after.toISOString()],
  );
  return formatF0Payload(
    rows.rows.map((r) => ({
      dailyKey: hexToBytes(r.daily_key, 'daily_key', 32),
      timeStart: Number(r.time_start),
      timeEnd: Number(r.time_end),
      max: r.slots,
    })),
  );
}
