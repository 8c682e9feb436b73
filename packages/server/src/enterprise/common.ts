/**
 * Helpers shared by the enterprise routes: ids, opaque keyset cursors, `limit`, body checks
 * that answer 422 with issues, and the audit log of personal-data reads.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { Queryable } from '../db/database';
import type { AppEnv, Caller } from '../http/context';
import { HttpProblem } from '../http/problem';

/**
 * A new random id with a type prefix (`ten_…`, `emp_…`): 16 random bytes, hex.
 *
 * @param prefix - e.g. `"ten"`.
 * @returns the id.
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('hex')}`;
}

/** A keyset position: a timestamp (ISO) or text sort key, and the id. */
export interface CursorPosition {
  /** The sort key of the last row. */
  key: string;
  /** The id of the last row. */
  id: string;
}

/**
 * Encodes a keyset position as an opaque cursor.
 *
 * @param position - the last row's sort key and id.
 * @returns base64url text.
 */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor}.
 *
 * @param cursor - the `cursor` query value, or `undefined`.
 * @returns the position, or `undefined` for the first page.
 * @throws HttpProblem 400 `bad-cursor` when the cursor is malformed.
 */
export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    if (cursor.length > 200) throw new Error('long');
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string')
      return { key: value[0], id: value[1] };
  } catch {
    // fall through to the problem below
  }
  throw new HttpProblem(400, 'bad-cursor', 'The cursor is malformed');
}

/**
 * Reads `limit` (1–500, default 50).
 *
 * @param c - the context.
 * @returns the limit.
 * @throws HttpProblem 400 `bad-query`.
 */
export function readPageLimit(c: Context<AppEnv>): number {
  const raw = c.req.query('limit');
  if (raw === undefined) return 50;
  if (!/^[0-9]{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 500)
    throw new HttpProblem(400, 'bad-query', 'limit must be an integer from 1 to 500');
  return Number(raw);
}

/** One problem in a request body. */
export interface BodyIssue {
  /** Stable code. */
  code: string;
  /** Path in the body. */
  path: (string | number)[];
  /** Human message. */
  message: string;
}

/**
 * Collects body issues and throws one 422 `validation-failed` problem when there are any.
 *
 * @returns `issue(code, path, message)` to record, and `done()` to throw if anything was recorded.
 */
export function issueCollector(): { issue(code: string, path: (string | number)[], message: string): void; done(): void } {
  const issues: BodyIssue[] = [];
  return {
    issue(code, path, message) {
      issues.push({ code, path, message });
    },
    done() {
      if (issues.length > 0) throw new HttpProblem(422, 'validation-failed', 'The request body is not valid', { issues });
    },
  };
}

/**
 * Reports members of `body` not in `allowed` (strict objects).
 *
 * @param body - the object.
 * @param allowed - its permitted members.
 * @param issue - where to record problems.
 */
export function rejectUnknownMembers(
  body: Record<string, unknown>,
  allowed: readonly string[],
  issue: (code: string, path: (string | number)[], message: string) => void,
): void {
  for (const key of Object.keys(body)) if (!allowed.includes(key)) issue('unknown-member', [key], `${key} is not allowed here`);
}

/**
 * Whether `value` is a calendar date `YYYY-MM-DD`.
 *
 * @param value - the text.
 * @returns `true` for a real date.
 */
export function isIsoDate(value: string): boolean {
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value);
}

/**
 * Records reads of personal data in `audit_log` (one row per subject, one statement).
 *
 * @param db - where to write.
 * @param caller - who read.
 * @param subjectType - e.g. `"employee"`.
 * @param subjectIds - the rows read.
 * @param tenantId - the tenant.
 */
export async function auditPersonalReads(
  db: Queryable,
  caller: Caller,
  subjectType: string,
  subjectIds: readonly string[],
  tenantId: string,
): Promise<void> {
  if (subjectIds.length === 0) return;
  const actor = caller.kind === 'api-key' ? `api-key:${caller.keyId}` : caller.kind;
  await db.query(
    `INSERT INTO audit_log (actor, action, subject_type, subject_id, tenant_id)
     SELECT $1, 'read', $2, s, $4 FROM unnest($3::text[]) AS s`,
    [actor, subjectType, [...subjectIds], tenantId],
  );
}
