/**
 * Venue check-in declaration: links a visit to a venue QR code. It carries no personal data of
 * its own; the visitor is identified by the session or device that submits it.
 */
import * as z from 'zod/mini';
import { isoDateTime, SCHEMA_ISSUE_CODES, strictObject, text } from './common';

/** Whether the visitor is entering or leaving (visitors scan on entry and exit). */
export const CHECKIN_DIRECTIONS: readonly ['in', 'out'] = ['in', 'out'];

/** A venue check-in (output of {@link checkinDeclarationSchema}). */
export interface CheckinDeclaration {
  /** The venue id decoded from the QR (healthtrace venue QR, or a tokhaiyte `groupId`). */
  venueId: string;
  /** The scanned QR text as a reference (URL or compact payload), at most 2048 characters. */
  qrText: string;
  /** When the QR was scanned (ISO 8601 with offset). */
  scannedAt: string;
  /** `in` on entry, `out` on exit. */
  direction: 'in' | 'out';
}

/**
 * The check-in schema (`$id` `https://healthtrace.dev/schemas/declaration/checkin/v1.json`).
 *
 * @example
 * ```ts
 * checkinDeclarationSchema.parse({ venueId: '6092414e92bd219ab40fb32f', qrText: 'https://tokhaiyte.vn/?page=Group.checkin&groupId=6092414e92bd219ab40fb32f', scannedAt: '2021-05-20T08:00:00+07:00', direction: 'in' });
 * ```
 */
export const checkinDeclarationSchema: z.ZodMiniType<CheckinDeclaration, unknown> = /* @__PURE__ */ (() =>
  strictObject({
    venueId: z.string().check(z.trim(), z.regex(/^[A-Za-z0-9_-]{1,64}$/, { error: SCHEMA_ISSUE_CODES.venueId })),
    qrText: text(2048),
    scannedAt: isoDateTime(),
    direction: z.enum(CHECKIN_DIRECTIONS),
  }))();
