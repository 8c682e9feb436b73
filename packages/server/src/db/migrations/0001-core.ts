import type { Migration } from '../migrate';

/** Tables every area uses: idempotency records, the audit log, rate-limit buckets. */
export const coreMigration: Migration = {
  version: 1,
  name: 'core',
  sql: `
    CREATE TABLE idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status integer NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    );
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      action text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      tenant_id text
    );
    CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);
  `,
};
