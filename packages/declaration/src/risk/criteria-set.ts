/**
 * The JSON format of a risk-assessment criteria set (criteria, options, points, bands), so that a
 * province can load its own variant of Decision 2194/QĐ-BCĐQG (e.g. Hải Dương's 572/QĐ-BCĐ).
 */
import { HealthtraceError } from '@healthtrace/core';
import * as z from 'zod/mini';

/** A label in Vietnamese and English. */
export interface LocalisedText {
  /** Vietnamese. */
  vi: string;
  /** English. */
  en: string;
}

/** One answer option of a criterion. */
export interface CriterionOption {
  /** Stable id, unique within the criterion. */
  id: string;
  /** What the option says. */
  label: LocalisedText;
  /** Points scored when chosen. */
  points: number;
  /** Numeric answers that select this option: `min` ≤ value < `below` (either bound optional). */
  range?: { min?: number | undefined; below?: number | undefined } | undefined;
}

/** One criterion (`CS1`…`CS15`). */
export interface Criterion {
  /** Stable id (`cs1`…). */
  id: string;
  /** Its number in the decision. */
  number: number;
  /** The criterion as worded in the decision; `null` when not published in the source used. */
  title: LocalisedText | null;
  /** Scoring note (e.g. "score only the highest-risk worker"). */
  note?: LocalisedText | undefined;
  /** Maximum points; `null` when not published. */
  maxPoints: number | null;
  /** Whether `options` lists every level of the criterion; when `false` the list is partial or empty. */
  optionsComplete: boolean;
  /** The published options. */
  options: CriterionOption[];
}

/** A risk band: applies when the index ≤ `maxIndex` (the last band has `maxIndex: null`). */
export interface RiskBand {
  /** Stable id (`very-low`, `low`, `medium`, `high`, `very-high`). */
  id: string;
  /** Inclusive upper bound of the index (percent), or `null` for the top band. */
  maxIndex: number | null;
  /** Band name. */
  label: LocalisedText;
}

/** A complete criteria set. */
export interface CriteriaSet {
  /** Stable id (`vn-2194-2020`). */
  id: string;
  /** Title. */
  title: LocalisedText;
  /** Where the criteria come from. */
  source: string;
  /** The denominator of the index (300 in Decision 2194). */
  maxTotal: number;
  /** Bands in increasing order. */
  bands: RiskBand[];
  /** The criteria. */
  criteria: Criterion[];
}

const localised = /* @__PURE__ */ (() => z.strictObject({ vi: z.string().check(z.minLength(1)), en: z.string().check(z.minLength(1)) }))();
const id = /* @__PURE__ */ (() => z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)))();
const points = /* @__PURE__ */ (() => z.number().check(z.gte(0)))();

/** Schema of a criteria-set JSON document (structure and consistency: unique ids, points ≤ maxima, ordered bands). */
export const criteriaSetSchema: z.ZodMiniType<CriteriaSet, unknown> = /* @__PURE__ */ (() =>
  z
    .strictObject({
      id,
      title: localised,
      source: z.string(),
      maxTotal: z.number().check(z.gt(0)),
      bands: z.array(z.strictObject({ id, maxIndex: z.nullable(z.number()), label: localised })).check(z.minLength(1)),
      criteria: z
        .array(
          z.strictObject({
            id,
            number: z.int().check(z.gte(1)),
            title: z.nullable(localised),
            note: z.optional(localised),
            maxPoints: z.nullable(points),
            optionsComplete: z.boolean(),
            options: z.array(
              z.strictObject({
                id,
                label: localised,
                points,
                range: z.optional(z.strictObject({ min: z.optional(z.number()), below: z.optional(z.number()) })),
              }),
            ),
          }),
        )
        .check(z.minLength(1)),
    })
    .check(
      z.superRefine((set, ctx) => {
        // Consistency checks only make sense on a structurally valid document.
        if (ctx.issues.length > 0) return;
        const fail = (message: string, path: PropertyKey[]): void => ctx.addIssue({ code: 'custom', message, path, input: set });
        const ids = new Set<string>();
        set.criteria.forEach((c, i) => {
          if (ids.has(c.id)) fail(`duplicate criterion id ${c.id}`, ['criteria', i, 'id']);
          ids.add(c.id);
          const optionIds = new Set<string>();
          c.options.forEach((o, j) => {
            if (optionIds.has(o.id)) fail(`duplicate option id ${o.id}`, ['criteria', i, 'options', j, 'id']);
            optionIds.add(o.id);
            if (c.maxPoints !== null && o.points > c.maxPoints)
              fail(`option scores more than maxPoints`, ['criteria', i, 'options', j, 'points']);
          });
          if (c.optionsComplete && (c.options.length === 0 || c.maxPoints === null)) {
            fail('a complete criterion needs options and maxPoints', ['criteria', i, 'optionsComplete']);
          }
        });
        const known = set.criteria.every((c) => c.maxPoints !== null);
        const sum = set.criteria.reduce((s, c) => s + (c.maxPoints ?? 0), 0);
        if (known ? sum !== set.maxTotal : sum > set.maxTotal) fail(`criteria maxima (${sum}) do not fit maxTotal`, ['maxTotal']);
        set.bands.forEach((b, i) => {
          const last = i === set.bands.length - 1;
          if (last !== (b.maxIndex === null)) fail('only the last band has maxIndex null', ['bands', i, 'maxIndex']);
          const prev = set.bands[i - 1]?.maxIndex;
          if (b.maxIndex !== null && prev != null && b.maxIndex <= prev) fail('bands must increase', ['bands', i, 'maxIndex']);
        });
      }),
    ))();

/**
 * Validates a criteria-set JSON document.
 *
 * @param input - parsed JSON.
 * @returns the criteria set.
 * @throws HealthtraceError `risk/bad-criteria-set` listing the problems.
 * @example
 * ```ts
 * const set = parseCriteriaSet(JSON.parse(readFileSync('hai-duong-572.json', 'utf8')));
 * ```
 */
export function parseCriteriaSet(input: unknown): CriteriaSet {
  const result = criteriaSetSchema.safeParse(input);
  if (result.success) return result.data;
  const detail = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new HealthtraceError('risk/bad-criteria-set', `invalid criteria set: ${detail}`);
}

/**
 * The JSON Schema (2020-12) of a criteria-set document (committed as `schemas/risk-criteria-set.json`).
 *
 * @returns the JSON Schema.
 * @example
 * ```ts
 * const schema = criteriaSetJsonSchema();
 * ```
 */
export function criteriaSetJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(criteriaSetSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  return {
    $schema,
    $id: 'https://healthtrace.dev/schemas/risk/criteria-set/v1.json',
    title: 'healthtrace risk-assessment criteria set v1',
    ...rest,
  };
}
