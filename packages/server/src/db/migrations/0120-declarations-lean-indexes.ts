import type { Migration } from '../migrate';

/**
 * Fewer index entries per declaration, since every submission pays for each one (on the embedded
 * database an index entry costs several microseconds of a row's ~80): the tenant index holds only
 * declarations submitted with an API key (anonymous ones, the bulk, have no tenant and are never
 * listed by tenant), and the `received_at` index goes — retention finds expired rows through
 * `(received_date, seq)`, `received_date` being the UTC date of `received_at`.
 */
export const declarationsLeanIndexesMigration: Migration = {
  version: 120,
  name: 'declarations-lean-indexes',
  sql: `
    DROP INDEX IF EXISTS declarations_received_at;
    DROP INDEX IF EXISTS declarations_tenant;
    CREATE INDEX declarations_tenant ON declarations (tenant_id, seq) WHERE tenant_id IS NOT NULL;
  `,
};
