/**
 * Employees (SCIM users). Personal fields — userName, displayName, name, emails, phone numbers,
 * employee number — are one AES-GCM ciphertext per row (`deps.cipher`, AAD `employees:<id>`).
 * `userName` is also stored as a keyed hash (HMAC-SHA256, lower-cased, per tenant) so uniqueness
 * (SCIM 409) and `userName eq` look-ups work without decrypting; the HMAC key is derived from the
 * OLDEST configured field key, so it stays stable while newer keys are added for rotation.
 * `externalId` (the HR system's id), `department` and `active` are kept in clear: they are
 * identifiers and organisation data, not contact data, and the compliance report needs them.
 */
import { createHmac } from 'node:crypto';
import type { Queryable } from '../db/database';
import type { ServerDeps } from '../http/context';
import { HttpProblem } from '../http/problem';
import { type CursorPosition, encodeCursor, newId } from './common';

/** The encrypted part of an employee. */
export interface EmployeePersonal {
  /** SCIM userName (unique per tenant, case-insensitive). */
  userName: string;
  /** Display name. */
  displayName?: string | undefined;
  /** Structured name. */
  name?: { givenName?: string; familyName?: string; formatted?: string } | undefined;
  /** E-mail addresses. */
  emails?: { value: string; type?: string; primary?: boolean }[] | undefined;
  /** Phone numbers (E.164 when valid). */
  phoneNumbers?: { value: string; type?: string }[] | undefined;
  /** Enterprise extension employeeNumber. */
  employeeNumber?: string | undefined;
}

/** An employee, decrypted. */
export interface EmployeeRecord {
  /** Id. */
  id: string;
  /** Tenant. */
  tenantId: string;
  /** HR system id. */
  externalId: string | null;
  /** Department. */
  department: string | null;
  /** Whether active. */
  active: boolean;
  /** Version (ETag). */
  version: number;
  /** Creation time (ISO). */
  createdAt: string;
  /** Last change (ISO). */
  updatedAt: string;
  /** Personal fields. */
  personal: EmployeePersonal;
}

/** What is written for an employee. */
export interface EmployeeInput {
  /** HR system id. */
  externalId: string | null;
  /** Department. */
  department: string | null;
  /** Active. */
  active: boolean;
  /** Personal fields. */
  personal: EmployeePersonal;
}

/** The `Employee` of the contract. */
export interface EmployeeView {
  /** Id. */
  id: string;
  /** externalId, or the employee id when provisioned without one. */
  externalId: string;
  /** Display name. */
  displayName: string;
  /** Primary (or first) e-mail. */
  email: string | null;
  /** First phone number. */
  phone: string | null;
  /** Department. */
  department: string | null;
  /** Active. */
  active: boolean;
}

interface EmployeeRow {
  id: string;
  tenant_id: string;
  external_id: string | null;
  personal: string;
  department: string | null;
  active: boolean;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

const hashKeys = new WeakMap<ServerDeps, Buffer>();

/**
 * The keyed hash of a `userName` for a tenant.
 *
 * @param deps - the server (its oldest field key derives the HMAC key).
 * @param tenantId - the tenant.
 * @param userName - the user name (compared case-insensitively).
 * @returns hex HMAC-SHA256.
 */
export function userNameHash(deps: ServerDeps, tenantId: string, userName: string): string {
  let key = hashKeys.get(deps);
  if (!key) {
    const oldest = deps.config.fieldKeys[deps.config.fieldKeys.length - 1];
    key = createHmac('sha256', oldest?.key ?? new Uint8Array(32))
      .update('healthtrace/employee-user-name/v1')
      .digest();
    hashKeys.set(deps, key);
  }
  return createHmac('sha256', key).update(`${tenantId}\n${userName.toLowerCase()}`, 'utf8').digest('hex');
}

function decode(deps: ServerDeps, row: EmployeeRow): EmployeeRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    externalId: row.external_id,
    department: row.department,
    active: row.active,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    personal: JSON.parse(deps.cipher.decrypt(row.personal, `employees:${row.id}`)) as EmployeePersonal,
  };
}

/**
 * The contract's `Employee` view of a record.
 *
 * @param e - the record.
 * @returns the view.
 */
export function employeeView(e: EmployeeRecord): EmployeeView {
  const p = e.personal;
  const email = p.emails?.find((m) => m.primary)?.value ?? p.emails?.[0]?.value ?? null;
  return {
    id: e.id,
    externalId: e.externalId ?? e.id,
    displayName: p.displayName ?? p.name?.formatted ?? ([p.name?.givenName, p.name?.familyName].filter(Boolean).join(' ') || p.userName),
    email,
    phone: p.phoneNumbers?.[0]?.value ?? null,
    department: e.department,
    active: e.active,
  };
}

const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505';

const conflict = (): HttpProblem => new HttpProblem(409, 'uniqueness', 'userName or externalId is already used in this tenant');

/**
 * Inserts an employee.
 *
 * @param deps - the server.
 * @param db - the transaction.
 * @param tenantId - the tenant.
 * @param input - the fields.
 * @param now - creation time.
 * @returns the record.
 * @throws HttpProblem 409 `uniqueness` when userName or externalId is taken.
 */
export async function insertEmployee(
  deps: ServerDeps,
  db: Queryable,
  tenantId: string,
  input: EmployeeInput,
  now: Date,
): Promise<EmployeeRecord> {
  const id = newId('emp');
  try {
    const rows = await db.query<EmployeeRow>(
      `INSERT INTO employees (id, tenant_id, external_id, user_name_hash, personal, department, active, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) RETURNING *`,
      [
        id,
        tenantId,
        input.externalId,
        userNameHash(deps, tenantId, input.personal.userName),
        deps.cipher.encrypt(JSON.stringify(input.personal), `employees:${id}`),
        input.department,
        input.active,
        now.toISOString(),
      ],
    );
    return decode(deps, rows.rows[0] as EmployeeRow);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}

/**
 * Replaces an employee's fields and bumps its version.
 *
 * @param deps - the server.
 * @param db - the transaction.
 * @param tenantId - the tenant.
 * @param id - the employee.
 * @param input - the new fields.
 * @param now - change time.
 * @returns the record, or `undefined` when the tenant has no such employee.
 * @throws HttpProblem 409 `uniqueness`.
 */
export async function updateEmployee(
  deps: ServerDeps,
  db: Queryable,
  tenantId: string,
  id: string,
  input: EmployeeInput,
  now: Date,
): Promise<EmployeeRecord | undefined> {
  try {
    const rows = await db.query<EmployeeRow>(
      `UPDATE employees SET external_id = $3, user_name_hash = $4, personal = $5, department = $6, active = $7,
         version = version + 1, updated_at = $8 WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [
        tenantId,
        id,
        input.externalId,
        userNameHash(deps, tenantId, input.personal.userName),
        deps.cipher.encrypt(JSON.stringify(input.personal), `employees:${id}`),
        input.department,
        input.active,
        now.toISOString(),
      ],
    );
    const row = rows.rows[0];
    return row ? decode(deps, row) : undefined;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}

/**
 * Loads one employee of a tenant (locked for update when `forUpdate`).
 *
 * @param deps - the server.
 * @param db - the database or transaction.
 * @param tenantId - the tenant.
 * @param id - the employee id.
 * @param forUpdate - lock the row.
 * @returns the record, or `undefined`.
 */
export async function getEmployee(
  deps: ServerDeps,
  db: Queryable,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<EmployeeRecord | undefined> {
  const rows = await db.query<EmployeeRow>(`SELECT * FROM employees WHERE tenant_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [
    tenantId,
    id,
  ]);
  const row = rows.rows[0];
  return row ? decode(deps, row) : undefined;
}

/**
 * Finds employees of a tenant by external ids.
 *
 * @param deps - the server.
 * @param db - the transaction.
 * @param tenantId - the tenant.
 * @param externalIds - the ids.
 * @returns records by external id.
 */
export async function employeesByExternalId(
  deps: ServerDeps,
  db: Queryable,
  tenantId: string,
  externalIds: readonly string[],
): Promise<Map<string, EmployeeRecord>> {
  const rows = await db.query<EmployeeRow>('SELECT * FROM employees WHERE tenant_id = $1 AND external_id = ANY($2::text[])', [
    tenantId,
    [...externalIds],
  ]);
  return new Map(rows.rows.map((r) => [r.external_id as string, decode(deps, r)]));
}

/**
 * Whether a userName is taken in a tenant (by its keyed hash).
 *
 * @param deps - the server.
 * @param db - the transaction.
 * @param tenantId - the tenant.
 * @param userName - the name.
 * @returns `true` when taken.
 */
export async function userNameTaken(deps: ServerDeps, db: Queryable, tenantId: string, userName: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM employees WHERE tenant_id = $1 AND user_name_hash = $2', [
    tenantId,
    userNameHash(deps, tenantId, userName),
  ]);
  return rows.rows.length > 0;
}

/**
 * Every employee of a tenant, decrypted, oldest first (SCIM filtering runs over these in memory).
 * With `userName`, only the employee with that userName (found by its keyed hash).
 *
 * @param deps - the server.
 * @param db - the database.
 * @param tenantId - the tenant.
 * @param userName - optional exact (case-insensitive) userName.
 * @returns the records.
 */
export async function loadEmployees(deps: ServerDeps, db: Queryable, tenantId: string, userName?: string): Promise<EmployeeRecord[]> {
  const rows =
    userName === undefined
      ? await db.query<EmployeeRow>('SELECT * FROM employees WHERE tenant_id = $1 ORDER BY created_at, id', [tenantId])
      : await db.query<EmployeeRow>('SELECT * FROM employees WHERE tenant_id = $1 AND user_name_hash = $2', [
          tenantId,
          userNameHash(deps, tenantId, userName),
        ]);
  return rows.rows.map((r) => decode(deps, r));
}

/**
 * A page of a tenant's employees.
 *
 * @param deps - the server.
 * @param tenantId - the tenant.
 * @param after - cursor position.
 * @param limit - page size.
 * @returns the page.
 */
export async function listEmployeePage(
  deps: ServerDeps,
  tenantId: string,
  after: CursorPosition | undefined,
  limit: number,
): Promise<{ items: EmployeeView[]; nextCursor: string | null }> {
  const rows = await deps.db.query<EmployeeRow>(
    `SELECT * FROM employees WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::text))
     ORDER BY created_at, id LIMIT $4`,
    [tenantId, after?.key ?? null, after?.id ?? '', limit + 1],
  );
  const records = rows.rows.slice(0, limit).map((r) => decode(deps, r));
  const last = records[records.length - 1];
  return {
    items: records.map(employeeView),
    nextCursor: rows.rows.length > limit && last ? encodeCursor({ key: last.createdAt, id: last.id }) : null,
  };
}

/**
 * Deletes an employee of a tenant (SCIM deprovisioning).
 *
 * @param db - the database.
 * @param tenantId - the tenant.
 * @param id - the employee.
 * @returns `false` when not found.
 */
export async function deleteEmployee(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM employees WHERE tenant_id = $1 AND id = $2', [tenantId, id])).rowCount > 0;
}
