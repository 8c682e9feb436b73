/**
 * Epidemiological aggregates: daily counts per 2025 province or ward, small counts suppressed,
 * as a table or as GeoJSON with province shapes.
 */
export { type AggregateFeatureCollection, GEOMETRY_ATTRIBUTION, provinceShapes2025, toFeatureCollection } from './geo';
export {
  AGGREGATE_MEASURES,
  AGGREGATE_TIME_ZONE,
  type AggregateCounts,
  type AggregateMeasure,
  type AggregateRequest,
  type AggregateRow,
  type AggregateTable,
  aggregateTable,
  countAggregates,
  daysBetween,
  MAX_AGGREGATE_CELLS,
  publishRows,
} from './query';
export { K_ANONYMITY, suppressSmallCount } from './suppression';
export { type AggregateLevel, type AggregateUnit, currentWardOf, unitsOf } from './units';
