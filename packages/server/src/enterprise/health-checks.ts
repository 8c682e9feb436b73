/**
 * Employee daily health checks (schema `employee` of `@healthtrace/declaration`, encrypted at
 * rest) and the tenant's compliance report.
 */
import type { EmployeeDeclaration } from '@healthtrace/declaration';
import type { Queryable } from '../db/database';
import type { ServerDeps } from '../http/context';
import { HttpProblem } from '../http/problem';
import { newId } from './common';
import { employeeView, loadEmployees } from './employees';

/** The receipt of a stored health check (the contract's `DeclarationReceipt`). */
export interface HealthCheckReceipt {
  /** Id. */
  id: string;
  /** Always `employee`. */
  type: 'employee';
  /** Receipt time (ISO). */
  receivedAt: string;
}

/**
 * Stores a validated health check. `employeeId` must name an employee of the tenant, by its
 * external id or its id.
 *
 * @param deps - the server.
 * @param tx - the transaction.
 * @param tenantId - the tenant.
 * @param check - the validated declaration.
 * @returns the receipt and the employee's id.
 * @throws HttpProblem 422 `unknown-employee`.
 */
export async function insertHealthCheck(
  deps: ServerDeps,
  tx: Queryable,
  tenantId: string,
  check: EmployeeDeclaration,
): Promise<{ receipt: HealthCheckReceipt; employeeId: string }> {
  const found = await tx.query<{ id: string }>('SELECT id FROM employees WHERE tenant_id = $1 AND (external_id = $2 OR id = $2) LIMIT 1', [
    tenantId,
    check.employeeId,
  ]);
  const employee = found.rows[0];
  if (!employee)
    throw new HttpProblem(422, 'validation-failed', 'No employee of this tenant has this employeeId', {
      issues: [
        { code: 'unknown-employee', path: ['employeeId'], message: 'employeeId must be an employee of the tenant (externalId or id)' },
      ],
    });
  const id = newId('hc');
  const receivedAt = deps.now().toISOString();
  const hasSymptoms = Object.values(check.symptoms).some(Boolean);
  await tx.query(
    `INSERT INTO employee_health_checks (id, tenant_id, employee_id, check_date, has_symptoms, data, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      tenantId,
      employee.id,
      check.date,
      hasSymptoms,
      deps.cipher.encrypt(JSON.stringify(check), `employee_health_checks:${id}`),
      receivedAt,
    ],
  );
  return { receipt: { id, type: 'employee', receivedAt }, employeeId: employee.id };
}

/**
 * Ids of a tenant's active employees.
 *
 * @param db - the database.
 * @param tenantId - the tenant.
 * @returns the ids.
 */
export async function activeEmployeeIds(db: Queryable, tenantId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>('SELECT id FROM employees WHERE tenant_id = $1 AND active ORDER BY id', [tenantId]);
  return rows.rows.map((r) => r.id);
}

/** The contract's `ComplianceReport`. */
export interface ComplianceReport {
  /** The day. */
  date: string;
  /** Active employees. */
  activeEmployees: number;
  /** Active employees who submitted. */
  submitted: number;
  /** Active employees who did not. */
  missing: { employeeId: string; displayName: string; department: string | null }[];
  /** Employees who reported a symptom. */
  withSymptoms: { employeeId: string; department: string | null }[];
}

/**
 * Who submitted a health check on `date`, who is missing, who reported symptoms (ids, display
 * names and departments only — for the tenant itself).
 *
 * @param deps - the server.
 * @param tenantId - the tenant.
 * @param date - the day (YYYY-MM-DD).
 * @returns the report.
 */
export async function complianceReport(deps: ServerDeps, tenantId: string, date: string): Promise<ComplianceReport> {
  const employees = (await loadEmployees(deps, deps.db, tenantId)).filter((e) => e.active);
  const checks = await deps.db.query<{ employee_id: string; symptoms: boolean }>(
    `SELECT employee_id, bool_or(has_symptoms) AS symptoms FROM employee_health_checks
     WHERE tenant_id = $1 AND check_date = $2 GROUP BY employee_id`,
    [tenantId, date],
  );
  const byEmployee = new Map(checks.rows.map((r) => [r.employee_id, r.symptoms]));
  const missing = employees
    .filter((e) => !byEmployee.has(e.id))
    .map((e) => ({ employeeId: e.id, displayName: employeeView(e).displayName, department: e.department }));
  const departments = new Map<string, string | null>(employees.map((e) => [e.id, e.department]));
  const withSymptoms = checks.rows
    .filter((r) => r.symptoms)
    .map((r) => ({ employeeId: r.employee_id, department: departments.get(r.employee_id) ?? null }))
    .sort((a, b) => a.employeeId.localeCompare(b.employeeId));
  return {
    date,
    activeEmployees: employees.length,
    submitted: employees.length - missing.length,
    missing,
    withSymptoms,
  };
}

/**
 * Deletes health checks older than the retention period.
 *
 * @param deps - the server.
 * @returns rows deleted.
 */
export async function purgeOldHealthChecks(deps: ServerDeps): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - deps.config.retentionDays * 86_400_000).toISOString().slice(0, 10);
  return (await deps.db.query('DELETE FROM employee_health_checks WHERE check_date < $1', [cutoff])).rowCount;
}

/** Deletes employee health checks older than the retention period, hourly. */
export const healthCheckRetentionJob: import('../jobs/index').Job = {
  name: 'employee-health-check-retention',
  everyMs: 3600_000,
  async run(deps) {
    await purgeOldHealthChecks(deps);
  },
};
