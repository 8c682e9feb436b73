/**
 * Declarations in the database: insert (personal part encrypted, AAD bound to the row), paged and
 * filtered reads (decrypted, audited), erasure, and retention.
 */
import { hash, randomUUID } from 'node:crypto';
import type { DeclarationName } from '@healthtrace/declaration';
import type { Queryable } from '../db/database';
import type { Caller, ServerDeps } from '../http/context';
import { HttpProblem } from '../http/problem';
import type { FieldCipher } from '../storage/field-encryption';
import { pooledRandomBytes } from '../storage/random-pool';
import { deriveColumns, splitPersonal, type ValidSubmission } from './validate';
import { currentWard } from './ward-codes';

/** The receipt returned once on submission. */
export interface DeclarationReceipt {
  /** Declaration id. */
  id: string;
  /** Kind. */
  type: DeclarationName;
  /** Server receipt time (ISO). */
  receivedAt: string;
  /** Erasure token (only its hash is stored). */
  deletionToken: string;
  /** Personal declaration QR text, when issued (added to the response only, never stored). */
  qr?: string;
}

/** A declaration as served to authorised readers. */
export interface StoredDeclaration {
  /** Id. */
  id: string;
  /** Kind. */
  type: DeclarationName;
  /** Receipt time (ISO). */
  receivedAt: string;
  /** Submitting tenant, when submitted with an API key. */
  tenantId: string | null;
  /** 2025 ward code of the declarant's address. */
  wardCode: string | null;
  /** The declaration, decrypted. */
  data: Record<string, unknown>;
}

/** The prefix of {@link declarationAad}. */
export const DECLARATION_AAD_PREFIX = 'declarations:';

/** The AAD binding an encrypted personal part to its row. */
export const declarationAad = (id: string): string => `${DECLARATION_AAD_PREFIX}${id}`;

/**
 * SHA-256 of a deletion token, as stored.
 *
 * @param token - the token.
 * @returns hex digest.
 */
export const hashDeletionToken = (token: string): string => hash('sha256', token, 'hex');

/** The column values of one `declarations` row, in {@link DECLARATION_INSERT_COLUMNS} order. */
export type DeclarationValues = [
  id: string,
  type: string,
  receivedAt: string,
  receivedDate: string,
  declarationDate: string | null,
  wardCode: string | null,
  provinceCode: string | null,
  tenantId: string | null,
  hasSymptoms: boolean,
  /** The non-personal part, as JSON text. */
  publicData: string,
  personalEnc: string,
  deletionTokenHash: string,
  idempotencyKey: string | null,
];

/** Position of `personalEnc` in {@link DeclarationValues} (the row id is at 0). */
export const PERSONAL_ENC_INDEX = 10;

/** The columns a declaration insert writes. */
export const DECLARATION_INSERT_COLUMNS: string =
  'id, type, received_at, received_date, declaration_date, ward_code, province_code, tenant_id, has_symptoms, public_data, personal_enc, deletion_token_hash, idempotency_key';

/**
 * A declaration ready to be written: its row, its personal part still in clear, and the receipt
 * answered once it is committed. The row's `personalEnc` slot stays empty until
 * {@link sealDeclaration} encrypts the personal part — the writer seals a whole batch at once
 * when it sends it (one tight loop of AES-GCM runs at about half the cost of the same runs spread
 * over the requests, each between HTTP parsing and validation).
 */
export interface PreparedDeclaration {
  /** The row's values (`personalEnc` is `''` until sealed). */
  values: DeclarationValues;
  /** The personal part as JSON, to be sealed; `undefined` once sealed. */
  personal: string | undefined;
  /** The receipt. */
  receipt: DeclarationReceipt;
}

/**
 * Encrypts a prepared declaration's personal part into its row (AES-GCM, AAD bound to the row id)
 * and drops the clear text. Sealing twice changes nothing.
 *
 * @param cipher - the field cipher (its current key).
 * @param prepared - the prepared declaration.
 * @returns the row's values, sealed.
 * @example
 * ```ts
 * const values = sealDeclaration(deps.cipher, prepareDeclaration(deps, submission, null, undefined));
 * ```
 */
export function sealDeclaration(cipher: FieldCipher, prepared: PreparedDeclaration): DeclarationValues {
  if (prepared.personal !== undefined) {
    prepared.values[PERSONAL_ENC_INDEX] = cipher.encrypt(prepared.personal, declarationAad(prepared.values[0]));
    prepared.personal = undefined;
  }
  return prepared.values;
}

/**
 * Builds a declaration's row (clear filter columns; hash of a fresh deletion token; the personal
 * part as JSON, to be encrypted by {@link sealDeclaration}) and its receipt, without touching the
 * database.
 *
 * @param deps - the server's dependencies (clock).
 * @param submission - the validated submission.
 * @param tenantId - the submitting tenant (API key), or `null`.
 * @param idempotencyKey - the request's Idempotency-Key, kept so that erasure removes its record too.
 * @returns the row and the receipt.
 */
export function prepareDeclaration(
  deps: Pick<ServerDeps, 'now'>,
  submission: ValidSubmission,
  tenantId: string | null,
  idempotencyKey: string | undefined,
): PreparedDeclaration {
  const id = randomUUID();
  const receivedAt = deps.now().toISOString();
  const derived = deriveColumns(submission);
  const ward = currentWard(derived.rawWardCode, derived.pre2025);
  const { personal, rest } = splitPersonal(submission.type, submission.data);
  const deletionToken = pooledRandomBytes(32).toString('base64url');
  return {
    values: [
      id,
      submission.type,
      receivedAt,
      receivedAt.slice(0, 10),
      derived.declarationDate,
      ward?.wardCode ?? null,
      ward?.provinceCode ?? null,
      tenantId,
      derived.hasSymptoms,
      JSON.stringify(rest),
      '',
      hashDeletionToken(deletionToken),
      idempotencyKey ?? null,
    ],
    personal: JSON.stringify(personal),
    receipt: { id, type: submission.type, receivedAt, deletionToken },
  };
}

/**
 * Stores a validated declaration (one row, on the given transaction). The submission route
 * goes through the batching declaration writer (`writer.ts`) instead.
 *
 * @param tx - the transaction.
 * @param deps - the server's dependencies (cipher, clock).
 * @param submission - the validated submission.
 * @param tenantId - the submitting tenant (API key), or `null`.
 * @param idempotencyKey - the request's Idempotency-Key, kept so that erasure removes its record too.
 * @returns the receipt.
 */
export async function insertDeclaration(
  tx: Queryable,
  deps: Pick<ServerDeps, 'cipher' | 'now'>,
  submission: ValidSubmission,
  tenantId: string | null,
  idempotencyKey: string | undefined,
): Promise<DeclarationReceipt> {
  const prepared = prepareDeclaration(deps, submission, tenantId, idempotencyKey);
  const values = sealDeclaration(deps.cipher, prepared);
  await tx.query(
    `INSERT INTO declarations (${DECLARATION_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    values,
  );
  return prepared.receipt;
}

interface DeclarationRow {
  seq: string | number;
  id: string;
  type: DeclarationName;
  received_at: Date | string;
  tenant_id: string | null;
  ward_code: string | null;
  public_data: Record<string, unknown> | string;
  personal_enc: string;
}

const COLUMNS = 'seq, id, type, received_at, tenant_id, ward_code, public_data, personal_enc';

function toStored(deps: ServerDeps, row: DeclarationRow): StoredDeclaration {
  const rest = typeof row.public_data === 'string' ? (JSON.parse(row.public_data) as Record<string, unknown>) : row.public_data;
  const personal = JSON.parse(deps.cipher.decrypt(row.personal_enc, declarationAad(row.id))) as Record<string, unknown>;
  return {
    id: row.id,
    type: row.type,
    receivedAt: new Date(row.received_at).toISOString(),
    tenantId: row.tenant_id,
    wardCode: row.ward_code,
    data: { ...rest, ...personal },
  };
}

/**
 * The audit-log actor of a caller (never a secret).
 *
 * @param caller - the caller.
 * @returns `health-authority`, `api-key:<keyId>` or `anonymous`.
 */
export function actorOf(caller: Caller): string {
  return caller.kind === 'api-key' ? `api-key:${caller.keyId}` : caller.kind;
}

/**
 * Records reads of personal data.
 *
 * @param db - where to write.
 * @param caller - who read.
 * @param rows - what was read.
 */
export async function auditReads(db: Queryable, caller: Caller, rows: readonly StoredDeclaration[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO audit_log (actor, action, subject_type, subject_id, tenant_id)
     SELECT $1, 'read', 'declaration', s.id, s.tenant FROM unnest($2::text[], $3::text[]) AS s(id, tenant)`,
    [actorOf(caller), rows.map((r) => r.id), rows.map((r) => r.tenantId)],
  );
}

/** Filters of {@link listDeclarations}. */
export interface DeclarationFilters {
  /** Submission date (UTC) `YYYY-MM-DD`. */
  date?: string | undefined;
  /** Kind. */
  type?: string | undefined;
  /** 2025 ward code. */
  ward?: string | undefined;
  /** Tenant id (forced to the caller's own for API keys). */
  tenantId?: string | undefined;
}

const CURSOR_PREFIX = 'd1.';

function encodeCursor(seq: string | number): string {
  return Buffer.from(`${CURSOR_PREFIX}${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const seq = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : '';
  if (!/^[0-9]{1,18}$/.test(seq)) throw new HttpProblem(400, 'bad-cursor', 'The cursor is not one this server issued');
  return seq;
}

/**
 * One page of declarations, oldest first (stable order by insertion sequence).
 *
 * @param deps - the server's dependencies.
 * @param filters - the filters.
 * @param cursor - the opaque cursor of the previous page.
 * @param limit - page size.
 * @returns the page, decrypted, and the next cursor.
 * @throws HttpProblem 400 for a bad cursor.
 */
export async function listDeclarations(
  deps: ServerDeps,
  filters: DeclarationFilters,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: StoredDeclaration[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (cursor !== undefined) add('seq > ?', decodeCursor(cursor));
  if (filters.date !== undefined) add('received_date = ?', filters.date);
  if (filters.type !== undefined) add('type = ?', filters.type);
  if (filters.ward !== undefined) add('ward_code = ?', filters.ward);
  if (filters.tenantId !== undefined) add('tenant_id = ?', filters.tenantId);
  params.push(limit + 1);
  const result = await deps.db.query<DeclarationRow>(
    `SELECT ${COLUMNS} FROM declarations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT $${params.length}`,
    params,
  );
  const rows = result.rows.slice(0, limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((r) => toStored(deps, r)),
    nextCursor: result.rows.length > limit && last ? encodeCursor(last.seq) : null,
  };
}

/**
 * One declaration, decrypted.
 *
 * @param deps - the server's dependencies.
 * @param id - its id.
 * @returns the declaration, or `undefined`.
 */
export async function getDeclaration(deps: ServerDeps, id: string): Promise<StoredDeclaration | undefined> {
  const result = await deps.db.query<DeclarationRow>(`SELECT ${COLUMNS} FROM declarations WHERE id = $1`, [id]);
  const row = result.rows[0];
  return row ? toStored(deps, row) : undefined;
}

/**
 * Erases a declaration (the row, and the idempotency record that could replay its receipt).
 *
 * @param deps - the server's dependencies.
 * @param id - its id.
 * @param tokenHash - the hash of the presented deletion token, or `undefined` for the health authority.
 * @param actor - who erases (for the audit log: `declarant` or the caller's actor).
 * @returns `"deleted"`, `"not-found"` or `"forbidden"` (the token does not match).
 */
export async function eraseDeclaration(
  deps: ServerDeps,
  id: string,
  tokenHash: string | undefined,
  actor: string,
): Promise<'deleted' | 'not-found' | 'forbidden'> {
  return deps.db.transaction(async (tx) => {
    const found = await tx.query<{ deletion_token_hash: string; idempotency_key: string | null; tenant_id: string | null }>(
      'SELECT deletion_token_hash, idempotency_key, tenant_id FROM declarations WHERE id = $1 FOR UPDATE',
      [id],
    );
    const row = found.rows[0];
    if (!row) return 'not-found';
    if (tokenHash !== undefined && tokenHash !== row.deletion_token_hash) return 'forbidden';
    await tx.query('DELETE FROM declarations WHERE id = $1', [id]);
    await tx.query(
      `INSERT INTO audit_log (actor, action, subject_type, subject_id, tenant_id) VALUES ($1, 'erase', 'declaration', $2, $3)`,
      [actor, id, row.tenant_id],
    );
    if (row.idempotency_key !== null) {
      await tx.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [
        declarationIdempotencyScope(row.tenant_id),
        row.idempotency_key,
      ]);
    }
    return 'deleted';
  });
}

/**
 * The idempotency scope of declaration submissions.
 *
 * @param tenantId - the submitting tenant, or `null` for citizens.
 * @returns the scope.
 */
export function declarationIdempotencyScope(tenantId: string | null): string {
  return tenantId === null ? 'declarations' : `tenant:${tenantId}:declarations`;
}
