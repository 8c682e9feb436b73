import type { Migration } from '../migrate';

/**
 * Key revision (GAEN v1.5+): a published key of a likely diagnosis may be revised once — to a
 * confirmed test, or revoked by a negative one. The original values stay (they were exported);
 * the revised ones are exported again, in `revised_keys`, from `revised_available_at` on.
 */
export const keyRevisionsMigration: Migration = {
  version: 220,
  name: 'key-revisions',
  sql: `
    ALTER TABLE exposure_keys ADD COLUMN IF NOT EXISTS revised_report_type integer;
    ALTER TABLE exposure_keys ADD COLUMN IF NOT EXISTS revised_transmission_risk integer;
    ALTER TABLE exposure_keys ADD COLUMN IF NOT EXISTS revised_days_since_onset integer;
    ALTER TABLE exposure_keys ADD COLUMN IF NOT EXISTS revised_at timestamptz;
    ALTER TABLE exposure_keys ADD COLUMN IF NOT EXISTS revised_available_at timestamptz;
    CREATE INDEX IF NOT EXISTS exposure_keys_revised_available ON exposure_keys (revised_available_at)
      WHERE revised_available_at IS NOT NULL;
  `,
};
