/**
 * Check-ins: by scanning a venue QR (signature, validity and current seed generation verified), or by
 * venue staff scanning a personal declaration QR (only its pseudonym and status are stored).
 */
import { randomUUID } from 'node:crypto';
import { bytesToHex, equalBytes } from '@healthtrace/core';
import { checkinDeclarationSchema, type DeclarationLocale, safeParseDeclaration } from '@healthtrace/declaration';
import { QrDecodeError, QrError, verifyPersonalQr, verifyVenueQr } from '@healthtrace/qr';
import type { Queryable } from '../db/database';
import type { Caller, ServerDeps } from '../http/context';
import { HttpProblem } from '../http/problem';
import { qrKeysOf } from './qr-keys';
import { findVenue, seedGenerations, type VenueRow } from './store';

/** A check-in receipt. */
export interface CheckInReceipt {
  /** Check-in id. */
  id: string;
  /** The venue. */
  venueId: string;
  /** Check-in time. */
  checkedInAt: string;
  /** Status bitmask of a scanned personal QR. */
  personalStatus?: number;
}

/** A validated check-in request. */
export type CheckInRequest =
  | { kind: 'venue-qr'; venueQr: string; checkedInAt?: Date | undefined; direction?: 'in' | 'out' | undefined }
  | { kind: 'personal-qr'; personalQr: string; venueId: string; checkedInAt?: Date | undefined };

const MAX_QR_TEXT = 2048;
const SKEW_MS = 5 * 60_000;

function invalid(code: string, path: string[], message: string): HttpProblem {
  return new HttpProblem(422, 'validation-failed', 'The check-in is not valid', { issues: [{ code, path, message }] });
}

/**
 * Validates the shape of a check-in body.
 *
 * @param body - the parsed JSON object.
 * @param locale - the locale for the optional check-in declaration's messages.
 * @param now - the server time.
 * @param retentionDays - how far back a check-in time may be.
 * @returns the request.
 * @throws HttpProblem 422.
 */
export function parseCheckIn(body: Record<string, unknown>, locale: DeclarationLocale, now: Date, retentionDays: number): CheckInRequest {
  const byVenue = 'venueQr' in body;
  const allowed = byVenue ? ['venueQr', 'checkedInAt', 'declaration'] : ['personalQr', 'venueId', 'checkedInAt'];
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw invalid('check-in/unknown-field', [key], `${key} is not part of this check-in`);
  }
  let checkedInAt: Date | undefined;
  if (body.checkedInAt !== undefined) {
    // Only a string is looked at: String() of an object such as {"toString": null} throws.
    const raw = typeof body.checkedInAt === 'string' ? body.checkedInAt : '';
    const t = Date.parse(raw);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(t))
      throw invalid('check-in/invalid-time', ['checkedInAt'], 'checkedInAt must be an ISO 8601 date-time');
    if (t > now.getTime() + SKEW_MS || t < now.getTime() - retentionDays * 86_400_000)
      throw invalid('check-in/time-out-of-range', ['checkedInAt'], 'checkedInAt must be in the retention period and not in the future');
    checkedInAt = new Date(t);
  }
  const text = (key: string): string => {
    const value = body[key];
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_QR_TEXT)
      throw invalid('check-in/required', [key], `${key} must be a non-empty string of at most ${MAX_QR_TEXT} characters`);
    return value;
  };
  if (byVenue) {
    let direction: 'in' | 'out' | undefined;
    if (body.declaration !== undefined) {
      const parsed = safeParseDeclaration(checkinDeclarationSchema, body.declaration, { locale, form: 'checkin' });
      if (!parsed.success) {
        throw new HttpProblem(422, 'validation-failed', 'The check-in declaration is not valid', {
          issues: parsed.issues.map((i) => ({ code: i.code, path: ['declaration', ...i.path], message: i.message })),
        });
      }
      direction = parsed.data.direction;
    }
    return { kind: 'venue-qr', venueQr: text('venueQr'), checkedInAt, direction };
  }
  const venueId = text('venueId');
  if (!/^[0-9a-f]{16}$/.test(venueId)) throw invalid('check-in/invalid-venue-id', ['venueId'], 'venueId must be 16 hex digits');
  return { kind: 'personal-qr', personalQr: text('personalQr'), venueId, checkedInAt };
}

function qrProblem(error: unknown, field: string): HttpProblem {
  if (error instanceof QrDecodeError || error instanceof QrError) {
    const code =
      error.code === 'qr/expired'
        ? 'check-in/qr-expired'
        : error.code === 'qr/bad-signature'
          ? 'check-in/qr-bad-signature'
          : 'check-in/qr-unreadable';
    return invalid(code, [field], error.message);
  }
  return invalid('check-in/qr-unreadable', [field], 'The QR text could not be read');
}

function requireVenueAccess(caller: Caller, venue: VenueRow): void {
  if (caller.kind !== 'api-key') return;
  if (!caller.scopes.includes('checkins:write')) throw new HttpProblem(403, 'forbidden', 'The API key lacks the checkins:write scope');
  if (venue.tenant_id !== caller.tenantId) throw new HttpProblem(403, 'forbidden', 'The venue belongs to another tenant');
}

/**
 * Verifies and stores a check-in.
 *
 * @param tx - the transaction.
 * @param deps - the server's dependencies.
 * @param request - the validated request.
 * @param caller - the caller (API keys only for their own tenant's venues).
 * @returns the receipt.
 * @throws HttpProblem 422 (bad, expired or rotated QR), 404 (unknown venue), 403.
 */
export async function createCheckIn(tx: Queryable, deps: ServerDeps, request: CheckInRequest, caller: Caller): Promise<CheckInReceipt> {
  const now = deps.now();
  const trust = qrKeysOf(deps).trustList(now).list;
  const id = randomUUID();
  const checkedInAt = request.checkedInAt ?? now;
  if (request.kind === 'venue-qr') {
    let qr: ReturnType<typeof verifyVenueQr>;
    try {
      qr = verifyVenueQr(request.venueQr, { trust, now });
    } catch (error) {
      throw qrProblem(error, 'venueQr');
    }
    const venueId = bytesToHex(qr.venueId);
    const venue = await findVenue(tx, venueId);
    if (!venue) throw invalid('check-in/unknown-venue', ['venueQr'], 'The venue of this QR is not registered here');
    requireVenueAccess(caller, venue);
    const current = (await seedGenerations(tx, deps, venueId)).find((g) => g.generation === venue.generation);
    if (!current || !equalBytes(current.seed, qr.seed))
      throw invalid('check-in/qr-rotated', ['venueQr'], 'This venue QR was replaced; scan the current one');
    await tx.query(
      `INSERT INTO check_ins (id, venue_id, tenant_id, method, checked_in_at, received_at, direction) VALUES ($1, $2, $3, 'venue-qr', $4, $5, $6)`,
      [id, venueId, venue.tenant_id, checkedInAt.toISOString(), now.toISOString(), request.direction ?? null],
    );
    return { id, venueId, checkedInAt: checkedInAt.toISOString() };
  }
  const venue = await findVenue(tx, request.venueId);
  if (!venue) throw new HttpProblem(404, 'not-found', 'No such venue');
  requireVenueAccess(caller, venue);
  let personal: ReturnType<typeof verifyPersonalQr>;
  try {
    personal = verifyPersonalQr(request.personalQr, { trust, now });
  } catch (error) {
    throw qrProblem(error, 'personalQr');
  }
  await tx.query(
    `INSERT INTO check_ins (id, venue_id, tenant_id, method, checked_in_at, received_at, pseudonym, personal_status)
     VALUES ($1, $2, $3, 'personal-qr', $4, $5, $6, $7)`,
    [id, venue.id, venue.tenant_id, checkedInAt.toISOString(), now.toISOString(), bytesToHex(personal.pseudonym), personal.status],
  );
  return { id, venueId: venue.id, checkedInAt: checkedInAt.toISOString(), personalStatus: personal.status };
}
