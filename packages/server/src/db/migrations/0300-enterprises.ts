import type { Migration } from '../migrate';

/**
 * Enterprises: tenants, hashed API keys, employees (SCIM users; personal fields encrypted,
 * `userName` also as a keyed hash for uniqueness and equality look-ups), SCIM groups, employee
 * health checks, workplace risk assessments, webhook subscriptions and their delivery queue.
 */
export const enterprisesMigration: Migration = {
  version: 300,
  name: 'enterprises',
  sql: `
    CREATE TABLE tenants (
      id text PRIMARY KEY,
      name text NOT NULL,
      tax_code text UNIQUE,
      ward_code text,
      sector text,
      employee_count integer,
      created_at timestamptz NOT NULL
    );
    CREATE TABLE api_keys (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name text NOT NULL,
      scopes jsonb NOT NULL,
      secret_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);
    CREATE TABLE employees (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      external_id text,
      user_name_hash text NOT NULL,
      personal text NOT NULL,
      department text,
      active boolean NOT NULL DEFAULT true,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE UNIQUE INDEX employees_user_name ON employees (tenant_id, user_name_hash);
    CREATE UNIQUE INDEX employees_external_id ON employees (tenant_id, external_id);
    CREATE TABLE scim_groups (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      display_name text NOT NULL,
      external_id text,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE UNIQUE INDEX scim_groups_name ON scim_groups (tenant_id, display_name);
    CREATE TABLE scim_group_members (
      group_id text NOT NULL REFERENCES scim_groups (id) ON DELETE CASCADE,
      employee_id text NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
      PRIMARY KEY (group_id, employee_id)
    );
    CREATE TABLE employee_health_checks (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      employee_id text NOT NULL,
      check_date date NOT NULL,
      has_symptoms boolean NOT NULL,
      data text NOT NULL,
      received_at timestamptz NOT NULL
    );
    CREATE INDEX employee_health_checks_day ON employee_health_checks (tenant_id, check_date);
    CREATE TABLE risk_assessments (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      criteria_set text NOT NULL,
      answers jsonb NOT NULL,
      complete boolean NOT NULL,
      points double precision NOT NULL,
      risk_index double precision,
      band text,
      missing_criteria jsonb NOT NULL
    );
    CREATE INDEX risk_assessments_tenant ON risk_assessments (tenant_id, created_at DESC, id DESC);
    CREATE TABLE webhooks (
      id text PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      url text NOT NULL,
      events jsonb NOT NULL,
      secret text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX webhooks_tenant ON webhooks (tenant_id);
    CREATE TABLE webhook_deliveries (
      id text PRIMARY KEY,
      webhook_id text NOT NULL,
      tenant_id text NOT NULL,
      event text NOT NULL,
      payload text NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      created_at timestamptz NOT NULL,
      finished_at timestamptz
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
    CREATE INDEX webhook_deliveries_tenant ON webhook_deliveries (tenant_id, status);
  `,
};
