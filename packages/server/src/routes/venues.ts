import { getWard2025 } from '@healthtrace/vn-admin/wards-2025';
import type { Context } from 'hono';
import { localeOf } from '../declarations/validate';
import type { AppEnv, RouteRegistration } from '../http/context';
import { requestHash, runIdempotent } from '../http/idempotency';
import { readJsonObject } from '../http/json-body';
import { HttpProblem } from '../http/problem';
import { createCheckIn, parseCheckIn } from '../venues/check-ins';
import { findVenue, posterKey, registerVenue, rotateVenue, type VenueInput, type VenueRow, venueQr, venueView } from '../venues/store';
import { listWarnings, parseWarningRequest, publishWarning } from '../venues/warnings';

type Issue = { code: string; path: string[]; message: string };

/** Validates a `VenueRegistration` body. */
function parseVenue(body: Record<string, unknown>): VenueInput & { tenantId?: string | undefined } {
  const issues: Issue[] = [];
  const bad = (key: string, message: string): void => {
    issues.push({ code: 'venue/invalid', path: [key], message });
  };
  const known = ['name', 'address', 'wardCode', 'type', 'defaultDurationMinutes', 'validDays', 'tenantId'];
  for (const key of Object.keys(body))
    if (!known.includes(key)) issues.push({ code: 'venue/unknown-field', path: [key], message: `${key} is not part of a venue` });
  const int = (key: string, min: number, max: number, fallback?: number): number => {
    const v = body[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      bad(key, `${key} must be an integer from ${min} to ${max}`);
      return min;
    }
    return v;
  };
  const { name, address, wardCode, tenantId } = body;
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 80) bad('name', 'name must be 1–80 characters');
  if (address !== undefined && (typeof address !== 'string' || address.length > 160))
    bad('address', 'address must be at most 160 characters');
  if (wardCode !== undefined && (typeof wardCode !== 'string' || !/^[0-9]{5}$/.test(wardCode) || !getWard2025(wardCode)))
    bad('wardCode', 'wardCode must be a 2025 ward code');
  if (tenantId !== undefined && (typeof tenantId !== 'string' || tenantId.length === 0)) bad('tenantId', 'tenantId must be a string');
  const type = int('type', 0, 255);
  const defaultDurationMinutes = int('defaultDurationMinutes', 5, 1440, 60);
  const validDays = int('validDays', 1, 730, 365);
  if (issues.length > 0) throw new HttpProblem(422, 'validation-failed', 'The venue is not valid', { issues });
  return {
    name: (name as string).trim(),
    address: address as string | undefined,
    wardCode: wardCode as string | undefined,
    type,
    defaultDurationMinutes,
    validDays,
    tenantId: tenantId as string | undefined,
  };
}

/** Loads a venue the caller may act on: health authority, or an API key of the venue's tenant with `scope`. */
async function venueFor(
  c: Context<AppEnv>,
  scope: 'venues:read' | 'venues:write',
  lock?: Parameters<typeof findVenue>[0],
): Promise<VenueRow> {
  const caller = c.get('caller');
  if (caller.kind === 'anonymous') throw new HttpProblem(401, 'unauthorized', 'Credentials required');
  if (caller.kind === 'api-key' && !caller.scopes.includes(scope))
    throw new HttpProblem(403, 'forbidden', `The API key lacks the ${scope} scope`);
  const id = c.req.param('venueId') ?? '';
  const venue = /^[0-9a-f]{16,64}$/.test(id) ? await findVenue(lock ?? c.get('deps').db, id, lock !== undefined) : undefined;
  // Another tenant's venue is reported as absent: its existence is not disclosed.
  if (!venue || (caller.kind === 'api-key' && venue.tenant_id !== caller.tenantId))
    throw new HttpProblem(404, 'not-found', 'No such venue');
  return venue;
}

/**
 * Venues, check-ins and presence-tracing warnings: `POST /v1/venues`, `GET /v1/venues/{id}`,
 * `POST /v1/venues/{id}/rotate`, `GET /v1/venues/{id}/qr`, `POST /v1/check-ins`,
 * `POST`/`GET /v1/venue-warnings`.
 */
export const registerVenueRoutes: RouteRegistration = (app, deps) => {
  app.post('/v1/venues', async (c) => {
    const caller = c.get('caller');
    if (caller.kind === 'anonymous') throw new HttpProblem(401, 'unauthorized', 'Credentials required');
    if (caller.kind === 'api-key' && !caller.scopes.includes('venues:write'))
      throw new HttpProblem(403, 'forbidden', 'The API key lacks the venues:write scope');
    const body = await readJsonObject(c);
    const input = parseVenue(body);
    let tenantId: string | null = input.tenantId ?? null;
    if (caller.kind === 'api-key') {
      if (input.tenantId !== undefined && input.tenantId !== caller.tenantId)
        throw new HttpProblem(403, 'forbidden', 'The API key belongs to another tenant');
      tenantId = caller.tenantId;
    }
    const scope = tenantId === null ? 'venues' : `tenant:${tenantId}:venues`;
    const result = await runIdempotent(deps.db, scope, c.req.header('Idempotency-Key'), requestHash(body), async (tx) => ({
      status: 201,
      body: await registerVenue(tx, deps, input, tenantId),
    }));
    // A replay answers like the first response (201 is the only success status documented here).
    return c.json(result.body, 201);
  });

  app.get('/v1/venues/:venueId', async (c) => c.json(venueView(await venueFor(c, 'venues:read')), 200));

  app.post('/v1/venues/:venueId/rotate', async (c) => {
    let previous = 0;
    const rotated = await deps.db.transaction(async (tx) => {
      const venue = await venueFor(c, 'venues:write', tx);
      previous = venue.generation;
      return rotateVenue(tx, deps, venue);
    });
    // The old poster shows a QR that is no longer accepted.
    await deps.blobs.delete(posterKey(rotated.id, previous));
    return c.json(rotated, 200);
  });

  app.get('/v1/venues/:venueId/qr', async (c) => {
    const poster = c.req.query('poster');
    if (poster !== undefined && poster !== 'true' && poster !== 'false')
      throw new HttpProblem(400, 'bad-query', 'poster must be true or false');
    const venue = await venueFor(c, 'venues:read');
    return c.json(await venueQr(deps, venue, poster === 'true'), 200);
  });

  app.post('/v1/check-ins', async (c) => {
    const caller = c.get('caller');
    if (caller.kind === 'api-key' && !caller.scopes.includes('checkins:write'))
      throw new HttpProblem(403, 'forbidden', 'The API key lacks the checkins:write scope');
    const body = await readJsonObject(c);
    const request = parseCheckIn(body, localeOf(c.req.header('Accept-Language')), deps.now(), deps.config.retentionDays);
    const scope = caller.kind === 'api-key' ? `tenant:${caller.tenantId}:check-ins` : 'check-ins';
    const result = await runIdempotent(deps.db, scope, c.req.header('Idempotency-Key'), requestHash(body), async (tx) => ({
      status: 201,
      body: await createCheckIn(tx, deps, request, caller),
    }));
    return c.json(result.body, result.replayed ? 200 : result.status);
  });

  app.post('/v1/venue-warnings', async (c) => {
    const caller = c.get('caller');
    if (caller.kind === 'anonymous') throw new HttpProblem(401, 'unauthorized', 'Credentials required');
    if (caller.kind !== 'health-authority') throw new HttpProblem(403, 'forbidden', 'Health-authority token required');
    const request = parseWarningRequest(await readJsonObject(c));
    return c.json(await publishWarning(deps, request), 201);
  });

  app.get('/v1/venue-warnings', async (c) => {
    const since = c.req.query('since');
    if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(since) || Number.isNaN(Date.parse(since))))
      throw new HttpProblem(400, 'bad-query', 'since must be an ISO 8601 date-time');
    // Without `since`, only the warnings a phone's check-in history can still match (the retention period).
    const from = since === undefined ? new Date(deps.now().getTime() - deps.config.retentionDays * 86_400_000) : new Date(since);
    return c.json({ warnings: await listWarnings(deps, from) }, 200);
  });
};
