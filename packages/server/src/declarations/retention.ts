/** Retention of declarations and check-ins (default 28 days, `config.retentionDays`). */
import type { Job } from '../jobs/index';

/**
 * Deletes declarations received and check-ins made more than `config.retentionDays` days ago
 * (by the server's clock), and the idempotency records of those submissions (which hold receipts).
 *
 * @param deps - the server's dependencies.
 * @returns how many rows of each kind were deleted.
 * @example
 * ```ts
 * await enforceRetention(deps); // { declarations: 12, checkIns: 40 }
 * ```
 */
export async function enforceRetention(deps: Parameters<Job['run']>[0]): Promise<{ declarations: number; checkIns: number }> {
  const cutoff = new Date(deps.now().getTime() - deps.config.retentionDays * 86_400_000).toISOString();
  return deps.db.transaction(async (tx) => {
    // `received_date` is the UTC date of `received_at`, so the first condition only lets the
    // (received_date, seq) index find the candidates; the second is the exact cut.
    const declarations = await tx.query('DELETE FROM declarations WHERE received_date <= $2::date AND received_at < $1', [
      cutoff,
      cutoff.slice(0, 10),
    ]);
    const checkIns = await tx.query('DELETE FROM check_ins WHERE received_at < $1 OR checked_in_at < $1', [cutoff]);
    await tx.query(
      `DELETE FROM idempotency_keys WHERE created_at < $1
         AND (scope IN ('declarations', 'check-ins') OR scope LIKE 'tenant:%:declarations' OR scope LIKE 'tenant:%:check-ins')`,
      [cutoff],
    );
    return { declarations: declarations.rowCount, checkIns: checkIns.rowCount };
  });
}

/** The retention job (hourly). */
export const retentionJob: Job = {
  name: 'declarations-retention',
  everyMs: 3_600_000,
  async run(deps) {
    const deleted = await enforceRetention(deps);
    if (deleted.declarations + deleted.checkIns > 0) deps.logger.info(deleted, 'retention: deleted expired declarations and check-ins');
  },
};
