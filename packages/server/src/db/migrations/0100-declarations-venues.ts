import type { Migration } from '../migrate';

/**
 * Declarations, venues (with their presence-tracing seeds per generation), check-ins and venue
 * warnings. Personal fields live only in the `*_enc` columns (AES-GCM, see `FieldCipher`); the clear
 * columns hold what filters and aggregates need (type, dates, 2025 ward code, tenant, symptoms flag).
 */
export const declarationsVenuesMigration: Migration = {
  version: 100,
  name: 'declarations-venues',
  sql: `
    CREATE TABLE declarations (
      seq bigserial UNIQUE,
      id text PRIMARY KEY,
      type text NOT NULL,
      received_at timestamptz NOT NULL,
      received_date date NOT NULL,
      declaration_date date,
      ward_code text,
      province_code text,
      tenant_id text,
      has_symptoms boolean NOT NULL,
      public_data jsonb NOT NULL,
      personal_enc text NOT NULL,
      deletion_token_hash text NOT NULL,
      idempotency_key text
    );
    CREATE INDEX declarations_received_date ON declarations (received_date, seq);
    CREATE INDEX declarations_tenant ON declarations (tenant_id, seq);
    CREATE INDEX declarations_ward ON declarations (ward_code, declaration_date);
    CREATE INDEX declarations_received_at ON declarations (received_at);
    CREATE TABLE venues (
      id text PRIMARY KEY,
      tenant_id text,
      name text NOT NULL,
      address text,
      ward_code text,
      type integer NOT NULL,
      default_duration_minutes integer NOT NULL,
      valid_days integer NOT NULL,
      valid_from timestamptz NOT NULL,
      valid_until timestamptz NOT NULL,
      qr_text text NOT NULL,
      generation integer NOT NULL,
      created_at timestamptz NOT NULL,
      rotated_at timestamptz
    );
    CREATE INDEX venues_tenant ON venues (tenant_id);
    CREATE TABLE venue_seeds (
      venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
      generation integer NOT NULL,
      seed_enc text NOT NULL,
      active_from timestamptz NOT NULL,
      active_until timestamptz,
      PRIMARY KEY (venue_id, generation)
    );
    CREATE TABLE check_ins (
      seq bigserial UNIQUE,
      id text PRIMARY KEY,
      venue_id text NOT NULL,
      tenant_id text,
      method text NOT NULL,
      checked_in_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      direction text,
      pseudonym text,
      personal_status integer
    );
    CREATE INDEX check_ins_venue ON check_ins (venue_id, checked_in_at);
    CREATE INDEX check_ins_checked_in_at ON check_ins (checked_in_at);
    CREATE TABLE venue_warnings (
      seq bigserial UNIQUE,
      id text PRIMARY KEY,
      venue_id text NOT NULL,
      tenant_id text,
      ward_code text,
      from_at timestamptz NOT NULL,
      to_at timestamptz NOT NULL,
      message text,
      published_at timestamptz NOT NULL,
      identifiers jsonb NOT NULL
    );
    CREATE INDEX venue_warnings_published ON venue_warnings (published_at, seq);
  `,
};
