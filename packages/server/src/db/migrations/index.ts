import type { Migration } from '../migrate';
import { coreMigration } from './0001-core';
import { declarationsVenuesMigration } from './0100-declarations-venues';
import { declarationsLeanIndexesMigration } from './0120-declarations-lean-indexes';
import { declarationsPublicTextMigration } from './0130-declarations-public-text';
import { keyServerMigration } from './0200-key-server';
import { keyRevisionsMigration } from './0220-key-revisions';
import { enterprisesMigration } from './0300-enterprises';
import { aggregatesMigration } from './0400-aggregates';
import { positiveReportsMigration } from './0410-positive-reports';

/**
 * Every migration of the server, in any order (sorted by version when applied).
 * Version ranges per area, so that areas never collide:
 * 1–99 core · 100–199 declarations, venues, check-ins · 200–299 key server, exports, Bluezone ·
 * 300–399 tenants, API keys, employees, SCIM, health checks, risk, webhooks · 400–499 aggregates.
 */
export const migrations: readonly Migration[] = [
  coreMigration,
  declarationsVenuesMigration,
  declarationsLeanIndexesMigration,
  declarationsPublicTextMigration,
  keyServerMigration,
  keyRevisionsMigration,
  enterprisesMigration,
  aggregatesMigration,
  positiveReportsMigration,
];
