import type { Migration } from '../migrate';

/**
 * Positive reports for the epidemiological aggregates: one row per certificate whose keys were
 * published, when the verification code was issued with a ward. The row holds no key and no
 * person, only the 2025 ward, the test type and the publish time; the certificate id makes a
 * report count once. `verification_codes.ward_code` (added by the aggregates migration) carries
 * the ward from the code to the certificate.
 */
export const positiveReportsMigration: Migration = {
  version: 410,
  name: 'positive-reports',
  sql: `
    CREATE TABLE IF NOT EXISTS positive_reports (
      certificate_id text PRIMARY KEY,
      ward_code text NOT NULL,
      report_type text NOT NULL,
      published_at timestamptz NOT NULL
    );
    CREATE INDEX IF NOT EXISTS positive_reports_published ON positive_reports (published_at);
  `,
};
