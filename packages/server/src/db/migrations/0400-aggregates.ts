import type { Migration } from '../migrate';

/**
 * Epidemiological aggregates. The aggregates read the other areas' tables (declarations, venue
 * warnings, verification codes, tenants and risk assessments); this migration adds what they
 * need on top:
 * - `verification_codes.ward_code`: the 2025 ward of a positive case, when the health authority
 *   states it on issuing the code (codes issued without it count in no area);
 * - indexes for the per-day scans.
 * `IF NOT EXISTS` everywhere, so an area adding the same column in its own range stays compatible.
 */
export const aggregatesMigration: Migration = {
  version: 400,
  name: 'aggregates',
  sql: `
    ALTER TABLE verification_codes ADD COLUMN IF NOT EXISTS ward_code text;
    CREATE INDEX IF NOT EXISTS verification_codes_issued ON verification_codes (issued_at) WHERE test_type = 'confirmed';
    CREATE INDEX IF NOT EXISTS declarations_symptoms_day ON declarations (declaration_date) WHERE has_symptoms;
    CREATE INDEX IF NOT EXISTS declarations_symptoms_received ON declarations (received_date) WHERE has_symptoms;
  `,
};
