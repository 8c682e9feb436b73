import type { Migration } from '../migrate';

/**
 * Key server: verification codes (hashed), used token/certificate ids, failed-attempt counters,
 * published diagnosis keys, export batches and files, Bluezone F0 daily keys.
 */
export const keyServerMigration: Migration = {
  version: 200,
  name: 'key-server',
  sql: `
    CREATE TABLE verification_codes (
      code_hash text PRIMARY KEY,
      test_type text NOT NULL,
      symptom_date date,
      test_date date,
      issued_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      claimed_at timestamptz
    );
    CREATE INDEX verification_codes_expiry ON verification_codes (expires_at);
    CREATE TABLE verification_used_ids (
      jti text PRIMARY KEY,
      kind text NOT NULL,
      used_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    );
    CREATE TABLE verification_failures (
      bucket text NOT NULL,
      window_start timestamptz NOT NULL,
      failures integer NOT NULL,
      PRIMARY KEY (bucket, window_start)
    );
    CREATE TABLE exposure_keys (
      key_data text PRIMARY KEY,
      rolling_start integer NOT NULL,
      rolling_period integer NOT NULL,
      transmission_risk integer NOT NULL,
      report_type integer NOT NULL,
      days_since_onset integer,
      health_authority text NOT NULL,
      received_at timestamptz NOT NULL,
      available_at timestamptz NOT NULL
    );
    CREATE INDEX exposure_keys_available ON exposure_keys (available_at);
    CREATE TABLE export_batches (
      kind text NOT NULL,
      start_at timestamptz NOT NULL,
      end_at timestamptz NOT NULL,
      key_count integer NOT NULL,
      file_count integer NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (kind, start_at)
    );
    CREATE TABLE export_files (
      name text PRIMARY KEY,
      kind text NOT NULL,
      batch_start timestamptz NOT NULL,
      batch_end timestamptz NOT NULL,
      batch_num integer NOT NULL,
      batch_size integer NOT NULL,
      key_count integer NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX export_files_order ON export_files (kind, batch_end, batch_num);
    CREATE TABLE bluezone_f0 (
      id bigserial PRIMARY KEY,
      daily_key text NOT NULL UNIQUE,
      time_start bigint NOT NULL,
      time_end bigint NOT NULL,
      slots integer NOT NULL,
      published_at timestamptz NOT NULL
    );
    CREATE INDEX bluezone_f0_published ON bluezone_f0 (published_at);
  `,
};
