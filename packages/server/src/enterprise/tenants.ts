/** Tenants (enterprises registered by the health authority) and their workplace risk history. */

import { HealthtraceError } from '@healthtrace/core';
import { assessWorkplaceRisk, DECISION_2194_CRITERIA } from '@healthtrace/declaration';
import type { Queryable } from '../db/database';
import { HttpProblem } from '../http/problem';
import { type CursorPosition, encodeCursor, newId } from './common';

/** A risk assessment as served. */
export interface RiskAssessmentView {
  /** Id. */
  id: string;
  /** When it was scored (ISO). */
  createdAt: string;
  /** Whether every criterion was scored. */
  complete: boolean;
  /** Points of the scored criteria. */
  points: number | null;
  /** sum / 300 × 100, or `null` when incomplete. */
  index: number | null;
  /** Band id, or `null` when incomplete. */
  band: string | null;
  /** Criteria not scored (unpublished or unanswered). */
  missingCriteria: string[];
}

/** A tenant as served. */
export interface TenantView {
  /** Id. */
  id: string;
  /** Name. */
  name: string;
  /** Tax code. */
  taxCode: string | null;
  /** 2025 ward code of the workplace. */
  wardCode: string | null;
  /** Sector. */
  sector: string | null;
  /** Declared head count. */
  employeeCount: number | null;
  /** Creation time (ISO). */
  createdAt: string;
  /** The latest risk assessment (in `getTenant`). */
  latestRisk?: RiskAssessmentView | null;
}

/** The fields a tenant is created with. */
export interface TenantInput {
  /** Name. */
  name: string;
  /** Tax code. */
  taxCode?: string | undefined;
  /** Ward code. */
  wardCode?: string | undefined;
  /** Sector. */
  sector?: string | undefined;
  /** Head count. */
  employeeCount?: number | undefined;
}

interface TenantRow {
  id: string;
  name: string;
  tax_code: string | null;
  ward_code: string | null;
  sector: string | null;
  employee_count: number | null;
  created_at: Date | string;
}

const tenantView = (r: TenantRow): TenantView => ({
  id: r.id,
  name: r.name,
  taxCode: r.tax_code,
  wardCode: r.ward_code,
  sector: r.sector,
  employeeCount: r.employee_count,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Inserts a tenant.
 *
 * @param db - the transaction.
 * @param input - validated fields.
 * @param now - creation time.
 * @returns the tenant.
 * @throws HttpProblem 409 `tenant-exists` when the tax code is already registered.
 */
export async function insertTenant(db: Queryable, input: TenantInput, now: Date): Promise<TenantView> {
  const rows = await db.query<TenantRow>(
    `INSERT INTO tenants (id, name, tax_code, ward_code, sector, employee_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tax_code) DO NOTHING RETURNING *`,
    [
      newId('ten'),
      input.name,
      input.taxCode ?? null,
      input.wardCode ?? null,
      input.sector ?? null,
      input.employeeCount ?? null,
      now.toISOString(),
    ],
  );
  const row = rows.rows[0];
  if (!row) throw new HttpProblem(409, 'tenant-exists', 'A tenant with this tax code exists');
  return tenantView(row);
}

/**
 * Lists tenants by creation time.
 *
 * @param db - the database.
 * @param after - the cursor position.
 * @param limit - page size.
 * @returns a page.
 */
export async function listTenants(
  db: Queryable,
  after: CursorPosition | undefined,
  limit: number,
): Promise<{ items: TenantView[]; nextCursor: string | null }> {
  const rows = await db.query<TenantRow>(
    `SELECT * FROM tenants WHERE ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::text))
     ORDER BY created_at, id LIMIT $3`,
    [after?.key ?? null, after?.id ?? '', limit + 1],
  );
  const items = rows.rows.slice(0, limit).map(tenantView);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.rows.length > limit && last ? encodeCursor({ key: last.createdAt, id: last.id }) : null };
}

/**
 * Gets a tenant with its latest risk assessment.
 *
 * @param db - the database.
 * @param tenantId - the id.
 * @returns the tenant, or `undefined`.
 */
export async function getTenant(db: Queryable, tenantId: string): Promise<TenantView | undefined> {
  const rows = await db.query<TenantRow>('SELECT * FROM tenants WHERE id = $1', [tenantId]);
  const row = rows.rows[0];
  if (!row) return undefined;
  const risk = await listRiskAssessments(db, tenantId, undefined, 1);
  return { ...tenantView(row), latestRisk: risk.items[0] ?? null };
}

/**
 * Whether a tenant exists.
 *
 * @param db - the database.
 * @param tenantId - the id.
 * @returns `true` when it exists.
 */
export async function tenantExists(db: Queryable, tenantId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM tenants WHERE id = $1', [tenantId])).rows.length > 0;
}

interface RiskRow {
  id: string;
  created_at: Date | string;
  complete: boolean;
  points: number;
  risk_index: number | null;
  band: string | null;
  missing_criteria: string[] | string;
}

const riskView = (r: RiskRow): RiskAssessmentView => ({
  id: r.id,
  createdAt: new Date(r.created_at).toISOString(),
  complete: r.complete,
  points: r.points,
  index: r.risk_index,
  band: r.band,
  missingCriteria: typeof r.missing_criteria === 'string' ? (JSON.parse(r.missing_criteria) as string[]) : r.missing_criteria,
});

/**
 * Scores answers with the Decision 2194/QĐ-BCĐQG engine of `@healthtrace/declaration` and stores the
 * result. Criteria whose options are unpublished make it incomplete (`complete: false`, no index).
 *
 * @param db - the transaction.
 * @param tenantId - the tenant.
 * @param answers - criterion id → option id.
 * @param criteriaSet - the set id (only the national Decision 2194 set is built in).
 * @param now - the assessment time.
 * @returns the stored assessment.
 * @throws HttpProblem 422 for an unknown set, criterion or option.
 */
export async function insertRiskAssessment(
  db: Queryable,
  tenantId: string,
  answers: Record<string, string>,
  criteriaSet: string | undefined,
  now: Date,
): Promise<RiskAssessmentView> {
  if (criteriaSet !== undefined && criteriaSet !== DECISION_2194_CRITERIA.id)
    throw new HttpProblem(422, 'validation-failed', 'Unknown criteria set', {
      issues: [{ code: 'risk/unknown-criteria-set', path: ['criteriaSet'], message: `only ${DECISION_2194_CRITERIA.id} is available` }],
    });
  let result: ReturnType<typeof assessWorkplaceRisk>;
  try {
    result = assessWorkplaceRisk(answers);
  } catch (error) {
    if (error instanceof HealthtraceError)
      throw new HttpProblem(422, 'validation-failed', 'The answers do not fit the criteria set', {
        issues: [{ code: error.code, path: ['answers'], message: error.message }],
      });
    throw error;
  }
  const rows = await db.query<RiskRow>(
    `INSERT INTO risk_assessments (id, tenant_id, created_at, criteria_set, answers, complete, points, risk_index, band, missing_criteria)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10::jsonb) RETURNING *`,
    [
      newId('risk'),
      tenantId,
      now.toISOString(),
      result.criteriaSet,
      JSON.stringify(answers),
      result.complete,
      result.points,
      result.index,
      result.band?.id ?? null,
      JSON.stringify(result.missing.map((m) => m.criterion)),
    ],
  );
  return riskView(rows.rows[0] as RiskRow);
}

/**
 * A tenant's assessments, newest first.
 *
 * @param db - the database.
 * @param tenantId - the tenant.
 * @param after - cursor position.
 * @param limit - page size.
 * @returns a page.
 */
export async function listRiskAssessments(
  db: Queryable,
  tenantId: string,
  after: CursorPosition | undefined,
  limit: number,
): Promise<{ items: RiskAssessmentView[]; nextCursor: string | null }> {
  const rows = await db.query<RiskRow>(
    `SELECT * FROM risk_assessments WHERE tenant_id = $1
       AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::text))
     ORDER BY created_at DESC, id DESC LIMIT $4`,
    [tenantId, after?.key ?? null, after?.id ?? '', limit + 1],
  );
  const items = rows.rows.slice(0, limit).map(riskView);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.rows.length > limit && last ? encodeCursor({ key: last.createdAt, id: last.id }) : null };
}
