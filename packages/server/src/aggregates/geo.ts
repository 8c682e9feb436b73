/**
 * Province shapes for the map, shipped as data files of this package (`data/`), geometry under
 * CC BY-SA 4.0 — the attribution line travels with every GeoJSON response.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AGGREGATE_MEASURES, type AggregateRow, type AggregateTable } from './query';

/** The attribution line to show with any map drawn from the shapes (CC BY-SA 4.0). */
export const GEOMETRY_ATTRIBUTION: string =
  'Province boundaries: Open Development Vietnam (Open Development Mekong), "Địa phận tỉnh", CC BY-SA 4.0. ' +
  'Modified (34-province dissolve by Talia Cao; simplification and GSO codes added).';

interface ProvinceFeature {
  type: 'Feature';
  properties: { ma_tinh: string; ten_tinh: string; ten: string };
  geometry: { type: string; coordinates: unknown };
}

let shapes: Map<string, ProvinceFeature> | undefined;

/**
 * The 34 province shapes of 2025, by 2-digit code (read once from
 * `@healthtrace/server/data/vn-provinces-34.geojson`).
 *
 * @returns shapes by code.
 */
export function provinceShapes2025(): ReadonlyMap<string, ProvinceFeature> {
  if (!shapes) {
    const file = createRequire(import.meta.url).resolve('@healthtrace/server/data/vn-provinces-34.geojson');
    const collection = JSON.parse(readFileSync(file, 'utf8')) as { features: ProvinceFeature[] };
    shapes = new Map(collection.features.map((f) => [f.properties.ma_tinh, f]));
  }
  return shapes;
}

/** A GeoJSON feature collection of aggregates. */
export interface AggregateFeatureCollection {
  /** Always `FeatureCollection`. */
  type: 'FeatureCollection';
  /** Geometry attribution (CC BY-SA 4.0), to show on the map. */
  attribution: string;
  /** First day. */
  from: string;
  /** Last day. */
  to: string;
  /** The suppression threshold. */
  k: number;
  /** One feature per province: its shape and its daily rows. */
  features: {
    type: 'Feature';
    id: string;
    geometry: ProvinceFeature['geometry'];
    properties: { code: string; name: string; shortName: string; days: Omit<AggregateRow, 'code' | 'name'>[] };
  }[];
}

/**
 * Joins a province-level table with the province shapes. Each feature carries exactly the cells
 * of the table (no extra totals, so nothing can be derived by differencing the two outputs).
 *
 * @param table - a province-level aggregate table.
 * @returns the feature collection.
 * @example
 * ```ts
 * const geojson = toFeatureCollection(await aggregateTable(db, { level: 'province', from, to }));
 * ```
 */
export function toFeatureCollection(table: AggregateTable): AggregateFeatureCollection {
  const byCode = new Map<string, AggregateRow[]>();
  for (const row of table.rows) {
    const list = byCode.get(row.code) ?? [];
    list.push(row);
    byCode.set(row.code, list);
  }
  const features: AggregateFeatureCollection['features'] = [];
  for (const [code, rows] of byCode) {
    const shape = provinceShapes2025().get(code);
    if (!shape) continue;
    features.push({
      type: 'Feature',
      id: code,
      geometry: shape.geometry,
      properties: {
        code,
        name: rows[0]?.name ?? shape.properties.ten_tinh,
        shortName: shape.properties.ten,
        days: rows.map((r) => {
          const day: Omit<AggregateRow, 'code' | 'name'> = { date: r.date } as Omit<AggregateRow, 'code' | 'name'>;
          for (const m of AGGREGATE_MEASURES) day[m] = r[m];
          return day;
        }),
      },
    });
  }
  return { type: 'FeatureCollection', attribution: GEOMETRY_ATTRIBUTION, from: table.from, to: table.to, k: table.k, features };
}
