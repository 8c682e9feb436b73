/**
 * Field-key rotation for this area's ciphertexts: after a new key is put first in
 * `HEALTHTRACE_FIELD_KEYS` (old keys kept after it for decryption), this job re-encrypts the
 * declarations' personal parts and the venue seeds still sealed with an older key, in batches, so that
 * the old key can eventually be removed.
 */
import type { Job } from '../jobs/index';
import { seedAad } from '../venues/store';
import { declarationAad } from './store';

/** Rows re-encrypted per table and run. */
export const ROTATION_BATCH = 500;

/**
 * Re-encrypts up to {@link ROTATION_BATCH} declarations and venue seeds made with an older field key.
 *
 * @param deps - the server's dependencies.
 * @returns how many rows of each kind were re-encrypted.
 * @example
 * ```ts
 * while ((await rotateFieldKeys(deps)).declarations > 0);
 * ```
 */
export async function rotateFieldKeys(deps: Parameters<Job['run']>[0]): Promise<{ declarations: number; venueSeeds: number }> {
  const current = deps.config.fieldKeys[0]?.id;
  if (current === undefined) return { declarations: 0, venueSeeds: 0 };
  const prefix = `v1.${current}.`;
  return deps.db.transaction(async (tx) => {
    const declarations = await tx.query<{ id: string; personal_enc: string }>(
      'SELECT id, personal_enc FROM declarations WHERE left(personal_enc, length($1)) <> $1 LIMIT $2 FOR UPDATE SKIP LOCKED',
      [prefix, ROTATION_BATCH],
    );
    for (const row of declarations.rows) {
      const aad = declarationAad(row.id);
      await tx.query('UPDATE declarations SET personal_enc = $2 WHERE id = $1', [
        row.id,
        deps.cipher.encrypt(deps.cipher.decrypt(row.personal_enc, aad), aad),
      ]);
    }
    const seeds = await tx.query<{ venue_id: string; generation: number; seed_enc: string }>(
      'SELECT venue_id, generation, seed_enc FROM venue_seeds WHERE left(seed_enc, length($1)) <> $1 LIMIT $2 FOR UPDATE SKIP LOCKED',
      [prefix, ROTATION_BATCH],
    );
    for (const row of seeds.rows) {
      const aad = seedAad(row.venue_id, row.generation);
      await tx.query('UPDATE venue_seeds SET seed_enc = $3 WHERE venue_id = $1 AND generation = $2', [
        row.venue_id,
        row.generation,
        deps.cipher.encrypt(deps.cipher.decrypt(row.seed_enc, aad), aad),
      ]);
    }
    return { declarations: declarations.rows.length, venueSeeds: seeds.rows.length };
  });
}

/** The field-key rotation job (every 10 minutes). */
export const fieldKeyRotationJob: Job = {
  name: 'declarations-field-key-rotation',
  everyMs: 600_000,
  async run(deps) {
    const done = await rotateFieldKeys(deps);
    if (done.declarations + done.venueSeeds > 0) deps.logger.info(done, 'field keys: re-encrypted with the current key');
  },
};
