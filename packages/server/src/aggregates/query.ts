/**
 * Daily epidemiological aggregates per 2025 province or ward, computed from the other areas'
 * tables at request time:
 * - `declarationsWithSymptoms`: declarations reporting symptoms, by declaration date (receipt
 *   date when the form has none), at the declarant's 2025 ward;
 * - `positiveReports`: confirmed positive tests whose keys were published, by publish date
 *   (Vietnam time), at the ward the health authority gave when issuing the verification code
 *   (one per certificate; codes issued without a ward count in no area);
 * - `venueWarnings`: presence-tracing warnings published, by publication date, at the venue's ward;
 * - `enterprisesHighRisk`: enterprises whose latest workplace risk assessment on that day is in
 *   the `high` or `very-high` band, at the enterprise's ward.
 * Counts are rolled up to the requested level first and suppressed (below k) last, cell by cell.
 */
import type { Queryable } from '../db/database';
import { K_ANONYMITY, suppressSmallCount } from './suppression';
import { type AggregateLevel, type AggregateUnit, currentWardOf, unitsOf } from './units';

/** The four published measures. */
export const AGGREGATE_MEASURES = ['declarationsWithSymptoms', 'positiveReports', 'venueWarnings', 'enterprisesHighRisk'] as const;

/** One of {@link AGGREGATE_MEASURES}. */
export type AggregateMeasure = (typeof AGGREGATE_MEASURES)[number];

/** True counts of one cell (before suppression). */
export type AggregateCounts = Record<AggregateMeasure, number>;

/** One published row: a unit on a day, counts below k as `null`. */
export interface AggregateRow extends Record<AggregateMeasure, number | null> {
  /** The day (`YYYY-MM-DD`, Vietnam time). */
  date: string;
  /** 2025 province or ward code. */
  code: string;
  /** Its official name. */
  name: string;
}

/** The published table. */
export interface AggregateTable {
  /** Level of the rows. */
  level: AggregateLevel;
  /** First day. */
  from: string;
  /** Last day (inclusive). */
  to: string;
  /** The suppression threshold. */
  k: number;
  /** One row per unit per day (every unit, every day: a missing row would tell a zero). */
  rows: AggregateRow[];
}

/** A request for aggregates. */
export interface AggregateRequest {
  /** `province` or `ward`. */
  level: AggregateLevel;
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day, `YYYY-MM-DD`, not before `from`. */
  to: string;
  /** A 2025 province code restricting the units, or `undefined`. */
  province?: string | undefined;
}

/** Calendar of the aggregates: days are Vietnam local days. */
export const AGGREGATE_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Largest table served (units × days), to bound the work of one request. */
export const MAX_AGGREGATE_CELLS = 40_000;

interface SourceRow {
  day: string;
  ward_code: string | null;
  n: string | number;
}

const localDay = (column: string): string => `to_char((${column} AT TIME ZONE '${AGGREGATE_TIME_ZONE}')::date, 'YYYY-MM-DD')`;

/** One query per measure, each returning `(day, ward_code, n)` for days in `[$1, $2]`. */
const SOURCES: Record<AggregateMeasure, string> = {
  declarationsWithSymptoms: `
    SELECT to_char(COALESCE(declaration_date, received_date), 'YYYY-MM-DD') AS day, ward_code, count(*) AS n
    FROM declarations
    WHERE has_symptoms AND ward_code IS NOT NULL
      AND COALESCE(declaration_date, received_date) BETWEEN $1::date AND $2::date
    GROUP BY 1, 2`,
  positiveReports: `
    SELECT ${localDay('published_at')} AS day, ward_code, count(*) AS n
    FROM positive_reports
    WHERE report_type = 'confirmed'
      AND published_at >= ($1::date - 1) AND published_at < ($2::date + 2)
    GROUP BY 1, 2`,
  venueWarnings: `
    SELECT ${localDay('published_at')} AS day, ward_code, count(*) AS n
    FROM venue_warnings
    WHERE ward_code IS NOT NULL
      AND published_at >= ($1::date - 1) AND published_at < ($2::date + 2)
    GROUP BY 1, 2`,
  enterprisesHighRisk: `
    SELECT to_char(d::date, 'YYYY-MM-DD') AS day, t.ward_code, count(*) AS n
    FROM generate_series($1::date, $2::date, interval '1 day') AS d
    CROSS JOIN tenants t
    CROSS JOIN LATERAL (
      SELECT r.band FROM risk_assessments r
      WHERE r.tenant_id = t.id AND (r.created_at AT TIME ZONE '${AGGREGATE_TIME_ZONE}')::date <= d::date
      ORDER BY r.created_at DESC, r.id DESC LIMIT 1
    ) latest
    WHERE t.ward_code IS NOT NULL AND latest.band IN ('high', 'very-high')
    GROUP BY 1, 2`,
};

const zero = (): AggregateCounts => ({ declarationsWithSymptoms: 0, positiveReports: 0, venueWarnings: 0, enterprisesHighRisk: 0 });

/**
 * Every day from `from` to `to` inclusive.
 *
 * @param from - first day `YYYY-MM-DD`.
 * @param to - last day `YYYY-MM-DD`.
 * @returns the days.
 */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * True counts per `(day, unit code)` for the request (cells with no events are absent).
 *
 * @param db - the database.
 * @param request - level, days and province.
 * @returns counts keyed by `"<day>|<code>"`.
 */
export async function countAggregates(db: Queryable, request: AggregateRequest): Promise<Map<string, AggregateCounts>> {
  const cells = new Map<string, AggregateCounts>();
  for (const measure of AGGREGATE_MEASURES) {
    const result = await db.query<SourceRow>(SOURCES[measure], [request.from, request.to]);
    for (const row of result.rows) {
      if (row.day < request.from || row.day > request.to) continue;
      const unit = currentWardOf(row.ward_code);
      if (!unit) continue;
      if (request.province !== undefined && unit.province !== request.province) continue;
      const key = `${row.day}|${request.level === 'province' ? unit.province : unit.ward}`;
      let counts = cells.get(key);
      if (!counts) {
        counts = zero();
        cells.set(key, counts);
      }
      counts[measure] += Number(row.n);
    }
  }
  return cells;
}

/**
 * Builds the published table: one row per unit per day, each count suppressed below k.
 *
 * @param units - the units.
 * @param days - the days.
 * @param cells - true counts from {@link countAggregates}.
 * @param k - the threshold (default {@link K_ANONYMITY}).
 * @returns the rows, by day then code.
 */
export function publishRows(
  units: readonly AggregateUnit[],
  days: readonly string[],
  cells: ReadonlyMap<string, AggregateCounts>,
  k: number = K_ANONYMITY,
): AggregateRow[] {
  const rows: AggregateRow[] = [];
  for (const date of days) {
    for (const unit of units) {
      const counts = cells.get(`${date}|${unit.code}`) ?? zero();
      rows.push({
        date,
        code: unit.code,
        name: unit.name,
        declarationsWithSymptoms: suppressSmallCount(counts.declarationsWithSymptoms, k),
        positiveReports: suppressSmallCount(counts.positiveReports, k),
        venueWarnings: suppressSmallCount(counts.venueWarnings, k),
        enterprisesHighRisk: suppressSmallCount(counts.enterprisesHighRisk, k),
      });
    }
  }
  return rows;
}

/**
 * Computes the aggregate table.
 *
 * @param db - the database.
 * @param request - level, days (validated: `from <= to`) and province.
 * @returns the table, small counts suppressed.
 * @example
 * ```ts
 * const table = await aggregateTable(db, { level: 'province', from: '2026-11-01', to: '2026-11-07' });
 * ```
 */
export async function aggregateTable(db: Queryable, request: AggregateRequest): Promise<AggregateTable> {
  const units = unitsOf(request.level, request.province);
  const days = daysBetween(request.from, request.to);
  const cells = await countAggregates(db, request);
  return { level: request.level, from: request.from, to: request.to, k: K_ANONYMITY, rows: publishRows(units, days, cells) };
}
