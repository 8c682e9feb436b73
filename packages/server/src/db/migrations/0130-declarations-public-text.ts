import type { Migration } from '../migrate';

/**
 * `declarations.public_data` holds the declaration's non-personal part as JSON text (`text`, was `jsonb`). No
 * query looks inside it (filters and aggregates use the clear columns beside it); it is only read back whole.
 * As `jsonb` the engine parsed and rebuilt every submission's document on insert — on the embedded database
 * about a fifth of a row's cost. Existing rows keep their document (as `jsonb`'s text form).
 */
export const declarationsPublicTextMigration: Migration = {
  version: 130,
  name: 'declarations-public-text',
  sql: `
    ALTER TABLE declarations ALTER COLUMN public_data TYPE text USING public_data::text;
  `,
};
