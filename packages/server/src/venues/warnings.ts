/**
 * Presence-tracing warnings: the health authority names a venue and a risky period; only the
 * time-bound identifiers derived from the venue's seed (`presenceWarnings` of `@healthtrace/qr`) and
 * their windows are published — never the venue id, name or seed. Phones match them locally.
 */
import { randomUUID } from 'node:crypto';
import { bytesToHex } from '@healthtrace/core';
import { MAX_PRESENCE_WINDOWS, PRESENCE_WINDOW_SECONDS, presenceWarnings } from '@healthtrace/qr';
import type { ServerDeps } from '../http/context';
import { HttpProblem } from '../http/problem';
import { findVenue, seedGenerations } from './store';

/** A published identifier. */
export interface PublishedIdentifier {
  /** 16-byte identifier, hex. */
  identifier: string;
  /** Window start. */
  windowStart: string;
  /** Window end (exclusive). */
  windowEnd: string;
}

/** A published warning. */
export interface VenueWarningView {
  /** Warning id. */
  id: string;
  /** Publication time. */
  publishedAt: string;
  /** Optional message for phones. */
  message: string | null;
  /** The identifiers with their windows. */
  identifiers: PublishedIdentifier[];
}

/** A validated warning request. */
export interface WarningRequest {
  /** The venue. */
  venueId: string;
  /** Start of the risky period. */
  from: Date;
  /** End of the risky period (exclusive). */
  to: Date;
  /** Optional message (≤ 280 characters). */
  message?: string | undefined;
}

function invalid(code: string, path: string, message: string): HttpProblem {
  return new HttpProblem(422, 'validation-failed', 'The warning is not valid', { issues: [{ code, path: [path], message }] });
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Validates a warning request body.
 *
 * @param body - the parsed JSON object.
 * @returns the request.
 * @throws HttpProblem 422.
 */
export function parseWarningRequest(body: Record<string, unknown>): WarningRequest {
  for (const key of Object.keys(body)) {
    if (!['venueId', 'from', 'to', 'message'].includes(key)) throw invalid('warning/unknown-field', key, `${key} is not part of a warning`);
  }
  if (typeof body.venueId !== 'string' || !/^[0-9a-f]{16}$/.test(body.venueId))
    throw invalid('warning/invalid-venue-id', 'venueId', 'venueId must be 16 hex digits');
  const time = (key: 'from' | 'to'): Date => {
    const v = body[key];
    if (typeof v !== 'string' || !DATE_TIME.test(v) || Number.isNaN(Date.parse(v)))
      throw invalid('warning/invalid-time', key, `${key} must be an ISO 8601 date-time`);
    return new Date(v);
  };
  const from = time('from');
  const to = time('to');
  if (to <= from) throw invalid('warning/empty-period', 'to', 'to must be after from');
  const windows =
    Math.floor((to.getTime() - 1) / 1000 / PRESENCE_WINDOW_SECONDS) - Math.floor(from.getTime() / 1000 / PRESENCE_WINDOW_SECONDS) + 1;
  if (windows > MAX_PRESENCE_WINDOWS)
    throw invalid('warning/period-too-long', 'to', `the period may cover at most ${MAX_PRESENCE_WINDOWS} hours`);
  if (body.message !== undefined && (typeof body.message !== 'string' || body.message.length > 280))
    throw invalid('warning/invalid-message', 'message', 'message must be a string of at most 280 characters');
  return { venueId: body.venueId, from, to, message: body.message as string | undefined };
}

/**
 * Publishes a warning: one identifier per presence window of `[from, to)`, derived from the seed
 * generation in force during that window (a rotation inside the period yields both seeds' identifiers
 * for their own parts). Raises `exposure.venue_warning` for the venue's tenant.
 *
 * @param deps - the server's dependencies.
 * @param request - the validated request.
 * @returns the published warning.
 * @throws HttpProblem 404 when the venue is unknown.
 */
export async function publishWarning(deps: ServerDeps, request: WarningRequest): Promise<VenueWarningView> {
  const venue = await findVenue(deps.db, request.venueId);
  if (!venue) throw new HttpProblem(404, 'not-found', 'No such venue');
  const identifiers: PublishedIdentifier[] = [];
  for (const g of await seedGenerations(deps.db, deps, venue.id)) {
    // The first generation is not clipped at registration: identifiers for windows before the venue
    // existed match no one, and clipping would make the warning depend on the clocks being in step.
    const from = g.generation === 1 ? request.from : new Date(Math.max(request.from.getTime(), g.activeFrom.getTime()));
    const to = new Date(Math.min(request.to.getTime(), g.activeUntil?.getTime() ?? Number.POSITIVE_INFINITY));
    if (to <= from) continue;
    for (const w of presenceWarnings(g.seed, from, to)) {
      identifiers.push({
        identifier: bytesToHex(w.identifier),
        windowStart: new Date(w.window * PRESENCE_WINDOW_SECONDS * 1000).toISOString(),
        windowEnd: new Date((w.window + 1) * PRESENCE_WINDOW_SECONDS * 1000).toISOString(),
      });
    }
  }
  // A period when no seed of this venue was in force has nothing to publish: say so instead of
  // answering with an empty warning.
  if (identifiers.length === 0)
    throw new HttpProblem(422, 'validation-failed', "The period does not overlap the venue's existence", {
      issues: [{ code: 'warning/outside-venue-lifetime', path: ['from'], message: 'The venue had no QR in force during this period' }],
    });
  const id = randomUUID();
  const publishedAt = deps.now();
  await deps.db.query(
    `INSERT INTO venue_warnings (id, venue_id, tenant_id, ward_code, from_at, to_at, message, published_at, identifiers)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      venue.id,
      venue.tenant_id,
      venue.ward_code,
      request.from.toISOString(),
      request.to.toISOString(),
      request.message ?? null,
      publishedAt.toISOString(),
      JSON.stringify(identifiers),
    ],
  );
  if (venue.tenant_id !== null) {
    // The sink queues deliveries; a failure there must not undo a published warning.
    await deps
      .emit(venue.tenant_id, 'exposure.venue_warning', {
        warningId: id,
        venueId: venue.id,
        from: request.from.toISOString(),
        to: request.to.toISOString(),
        windows: identifiers.length,
      })
      .catch((error: unknown) => deps.logger.error({ err: { message: (error as Error).message } }, 'venue warning event not queued'));
  }
  return { id, publishedAt: publishedAt.toISOString(), message: request.message ?? null, identifiers };
}

/**
 * Warnings published after `since` (all when omitted), oldest first, at most 5,000.
 *
 * @param deps - the server's dependencies.
 * @param since - lower bound (exclusive).
 * @returns the warnings.
 */
export async function listWarnings(deps: ServerDeps, since: Date | undefined): Promise<VenueWarningView[]> {
  const result = await deps.db.query<{
    id: string;
    published_at: Date | string;
    message: string | null;
    identifiers: PublishedIdentifier[] | string;
  }>(
    `SELECT id, published_at, message, identifiers FROM venue_warnings ${since ? 'WHERE published_at > $1' : ''} ORDER BY published_at, seq LIMIT 5000`,
    since ? [since.toISOString()] : [],
  );
  return result.rows.map((r) => ({
    id: r.id,
    publishedAt: new Date(r.published_at).toISOString(),
    message: r.message,
    identifiers: typeof r.identifiers === 'string' ? (JSON.parse(r.identifiers) as PublishedIdentifier[]) : r.identifiers,
  }));
}
