/**
 * CSV import of employees (`externalId,displayName,email,phone,department,active`), parsed with
 * `csv-parse` (sync), validated row by row (phones by `@healthtrace/declaration`'s validator,
 * normalised to E.164), upserted by `externalId`, with a per-row error report.
 */
import { validatePhoneNumber } from '@healthtrace/declaration';
import { parse } from 'csv-parse/sync';
import type { Queryable } from '../db/database';
import type { ServerDeps } from '../http/context';
import { HttpProblem } from '../http/problem';
import { employeesByExternalId, insertEmployee, updateEmployee, userNameTaken } from './employees';

/** The columns of the import file. */
export const CSV_COLUMNS: readonly string[] = ['externalId', 'displayName', 'email', 'phone', 'department', 'active'];

/** Most data rows in one import. */
export const CSV_MAX_ROWS = 10_000;

/** A valid row. */
export interface CsvEmployeeRow {
  /** 1-based data row. */
  row: number;
  /** HR id. */
  externalId: string;
  /** Display name. */
  displayName: string;
  /** E-mail or `null`. */
  email: string | null;
  /** E.164 phone or `null`. */
  phone: string | null;
  /** Department or `null`. */
  department: string | null;
  /** Active (default true). */
  active: boolean;
}

/** One rejected row. */
export interface CsvRowError {
  /** 1-based data row. */
  row: number;
  /** The column at fault. */
  column?: string;
  /** Stable code. */
  code: string;
  /** Human message. */
  message: string;
}

const hasControlCharacters = (text: string): boolean => [...text].some((ch) => (ch.codePointAt(0) ?? 0) < 0x20);

const ACTIVE_WORDS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false, '': true };

/**
 * Parses and validates an import file (no database access).
 *
 * @param text - the CSV.
 * @returns the valid rows and the errors of the others.
 * @throws HttpProblem 400 `bad-csv` when the file cannot be read as CSV, its header is wrong, or it has too many rows.
 */
export function parseEmployeeCsv(text: string): { rows: CsvEmployeeRow[]; errors: CsvRowError[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, max_record_size: 4096 }) as string[][];
  } catch (error) {
    throw new HttpProblem(400, 'bad-csv', 'The body is not readable CSV', { detail: (error as Error).message.slice(0, 200) });
  }
  const header = records[0];
  if (!header) throw new HttpProblem(400, 'bad-csv', 'The CSV is empty');
  const columns = header.map((h) => h.trim());
  const missing = ['externalId', 'displayName'].filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => !CSV_COLUMNS.includes(c));
  if (missing.length > 0 || unknown.length > 0 || new Set(columns).size !== columns.length)
    throw new HttpProblem(400, 'bad-csv', `The header must be ${CSV_COLUMNS.join(',')}`, {
      detail: `missing: ${missing.join(',') || 'none'}; unknown: ${unknown.join(',').slice(0, 100) || 'none'}`,
    });
  if (records.length - 1 > CSV_MAX_ROWS) throw new HttpProblem(400, 'bad-csv', `At most ${CSV_MAX_ROWS} rows per import`);
  const rows: CsvEmployeeRow[] = [];
  const errors: CsvRowError[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < records.length; i++) {
    const record = records[i] as string[];
    const row = i;
    if (record.length !== columns.length) {
      errors.push({ row, code: 'column-count', message: `expected ${columns.length} fields, got ${record.length}` });
      continue;
    }
    const get = (name: string): string => {
      const idx = columns.indexOf(name);
      return idx === -1 ? '' : (record[idx] ?? '').trim();
    };
    const fail = (column: string, code: string, message: string): void => {
      errors.push({ row, column, code, message });
    };
    const externalId = get('externalId');
    const displayName = get('displayName');
    const email = get('email');
    const phone = get('phone');
    const department = get('department');
    const active = get('active').toLowerCase();
    const before = errors.length;
    if (externalId === '' || externalId.length > 64 || hasControlCharacters(externalId))
      fail('externalId', 'invalid', 'externalId is required (1–64 characters, no control characters)');
    else if (seen.has(externalId)) fail('externalId', 'duplicate', 'externalId appears more than once in the file');
    if (displayName === '' || displayName.length > 200) fail('displayName', 'invalid', 'displayName is required (1–200 characters)');
    if (email !== '' && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
      fail('email', 'invalid', 'not an e-mail address');
    let e164: string | null = null;
    if (phone !== '') {
      const checked = validatePhoneNumber(phone);
      if (checked.ok) e164 = checked.value.e164;
      else fail('phone', checked.code, checked.message);
    }
    if (department.length > 100) fail('department', 'invalid', 'department is longer than 100 characters');
    if (!Object.hasOwn(ACTIVE_WORDS, active)) fail('active', 'invalid', 'active must be true/false, 1/0 or yes/no');
    if (errors.length > before) continue;
    seen.add(externalId);
    rows.push({
      row,
      externalId,
      displayName,
      email: email === '' ? null : email,
      phone: e164,
      department: department === '' ? null : department,
      active: ACTIVE_WORDS[active] as boolean,
    });
  }
  return { rows, errors };
}

/** The contract's `CsvImportReport` (plus the ids of the created employees, for the event). */
export interface CsvImportResult {
  /** Employees created. */
  created: number;
  /** Employees updated. */
  updated: number;
  /** Rows rejected. */
  rejected: number;
  /** Per-row errors. */
  errors: CsvRowError[];
  /** Ids of created employees. */
  createdIds: string[];
}

/**
 * Upserts the valid rows by `externalId` (new employees get `userName` = `externalId`).
 *
 * @param deps - the server.
 * @param tx - the transaction.
 * @param tenantId - the tenant.
 * @param parsed - the output of {@link parseEmployeeCsv}.
 * @returns the report.
 */
export async function importEmployees(
  deps: ServerDeps,
  tx: Queryable,
  tenantId: string,
  parsed: { rows: CsvEmployeeRow[]; errors: CsvRowError[] },
): Promise<CsvImportResult> {
  const errors = [...parsed.errors];
  const existing = await employeesByExternalId(
    deps,
    tx,
    tenantId,
    parsed.rows.map((r) => r.externalId),
  );
  const now = deps.now();
  let created = 0;
  let updated = 0;
  const createdIds: string[] = [];
  for (const r of parsed.rows) {
    const prior = existing.get(r.externalId);
    if (prior) {
      const personal = { ...prior.personal, displayName: r.displayName };
      if (r.email !== null) personal.emails = [{ value: r.email, type: 'work', primary: true }];
      if (r.phone !== null) personal.phoneNumbers = [{ value: r.phone, type: 'work' }];
      await updateEmployee(
        deps,
        tx,
        tenantId,
        prior.id,
        { externalId: r.externalId, department: r.department ?? prior.department, active: r.active, personal },
        now,
      );
      updated += 1;
      continue;
    }
    if (await userNameTaken(deps, tx, tenantId, r.externalId)) {
      errors.push({
        row: r.row,
        column: 'externalId',
        code: 'duplicate',
        message: 'another employee already has this externalId as userName',
      });
      continue;
    }
    const e = await insertEmployee(
      deps,
      tx,
      tenantId,
      {
        externalId: r.externalId,
        department: r.department,
        active: r.active,
        personal: {
          userName: r.externalId,
          displayName: r.displayName,
          ...(r.email !== null ? { emails: [{ value: r.email, type: 'work', primary: true }] } : {}),
          ...(r.phone !== null ? { phoneNumbers: [{ value: r.phone, type: 'work' }] } : {}),
        },
      },
      now,
    );
    created += 1;
    createdIds.push(e.id);
  }
  errors.sort((a, b) => a.row - b.row);
  return { created, updated, rejected: new Set(errors.map((e) => e.row)).size, errors, createdIds };
}
