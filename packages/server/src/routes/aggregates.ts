import { getProvince } from '@healthtrace/vn-admin/provinces';
import type { Context } from 'hono';
import { toFeatureCollection } from '../aggregates/geo';
import { type AggregateRequest, aggregateTable, daysBetween, MAX_AGGREGATE_CELLS } from '../aggregates/query';
import { unitsOf } from '../aggregates/units';
import type { AppEnv, RouteRegistration } from '../http/context';
import { HttpProblem } from '../http/problem';

const isIsoDate = (value: string | undefined): value is string =>
  value !== undefined &&
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) &&
  !Number.isNaN(Date.parse(value)) &&
  new Date(value).toISOString().startsWith(value);

/** Reads and checks `level`, `from`, `to`, `province` (400 `bad-query` / `range-too-large`). */
function readAggregateRequest(c: Context<AppEnv>, allowWard: boolean): AggregateRequest {
  const level = c.req.query('level') ?? 'province';
  if (level !== 'province' && (level !== 'ward' || !allowWard))
    throw new HttpProblem(400, 'bad-query', allowWard ? 'level must be province or ward' : 'level is not a parameter of the GeoJSON map');
  const from = c.req.query('from');
  const to = c.req.query('to');
  if (!isIsoDate(from) || !isIsoDate(to)) throw new HttpProblem(400, 'bad-query', 'from and to are required, as YYYY-MM-DD');
  if (from > to) throw new HttpProblem(400, 'bad-query', 'from must not be after to');
  const province = c.req.query('province');
  if (province !== undefined && !getProvince(province, '2025'))
    throw new HttpProblem(400, 'bad-query', 'province must be a 2025 province code (2 digits)');
  const cells = unitsOf(level, province).length * daysBetween(from, to).length;
  if (cells > MAX_AGGREGATE_CELLS)
    throw new HttpProblem(
      400,
      'range-too-large',
      `At most ${MAX_AGGREGATE_CELLS} unit-days per request; narrow the dates or give a province`,
      {
        detail: `${cells} unit-days asked`,
      },
    );
  return { level, from, to, province };
}

/**
 * Epidemiological aggregates: `GET /v1/aggregates` (table) and `GET /v1/aggregates.geojson`
 * (province shapes with their daily rows). Public (anonymous, rate-limited per IP) or with a
 * health-authority token; everyone gets the same suppressed counts.
 */
export const registerAggregateRoutes: RouteRegistration = (app, deps) => {
  app.get('/v1/aggregates', async (c) => {
    const table = await aggregateTable(deps.db, readAggregateRequest(c, true));
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(table, 200);
  });
  app.get('/v1/aggregates.geojson', async (c) => {
    const table = await aggregateTable(deps.db, { ...readAggregateRequest(c, false), level: 'province' });
    return c.body(JSON.stringify(toFeatureCollection(table)), 200, {
      'content-type': 'application/geo+json',
      'cache-control': 'public, max-age=300',
    });
  });
};
