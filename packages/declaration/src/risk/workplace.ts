/**
 * Workplace infection-risk assessment (Decision 2194/QĐ-BCĐQG, 27 May 2020): a data-driven
 * engine over a {@link CriteriaSet}. Index = sum of points / maxTotal × 100, then the band.
 * Criteria whose options are not published are never guessed: the assessment is reported as
 * incomplete, with the missing criteria and the range the index could still take.
 */
import { HealthtraceError } from '@healthtrace/core';
import type { CriteriaSet, Criterion, CriterionOption, RiskBand } from './criteria-set';
import decision2194 from './decision-2194.json';

/**
 * The criteria set of Decision 2194/QĐ-BCĐQG as published in healthtrace's reference: criteria 1–2
 * complete, criterion 3 with its two published levels, criteria 4–15 without options.
 */
export const DECISION_2194_CRITERIA: CriteriaSet = decision2194 as CriteriaSet;

/** An answer: an option id, or a number matched against the options' `range`. */
export type RiskAnswer = string | number;

/** Why a criterion did not contribute to the index. */
export type MissingReason = 'options-not-published' | 'not-answered';

/** The result of {@link assessWorkplaceRisk}. */
export interface RiskAssessment {
  /** The criteria set used. */
  criteriaSet: string;
  /** `true` when every criterion was answered, so `index` and `band` are final. */
  complete: boolean;
  /** Sum of the points of the answered criteria. */
  points: number;
  /** The denominator (300). */
  maxTotal: number;
  /** The index in percent (rounded to 2 decimals), or `null` when incomplete. */
  index: number | null;
  /** The band, or `null` when incomplete. */
  band: RiskBand | null;
  /**
   * Lowest and highest index the complete assessment could reach given the answers so far
   * (the unanswered criteria scoring 0 or their maximum); equals `[index, index]` when complete.
   */
  indexRange: [number, number];
  /** Every answered criterion with the option chosen. */
  scored: { criterion: string; option: string; points: number }[];
  /** Criteria that could not be scored. */
  missing: { criterion: string; number: number; reason: MissingReason; optionsComplete: boolean }[];
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * The band an index falls in (`index ≤ maxIndex` of the first band that admits it).
 *
 * @param index - the index in percent.
 * @param set - the criteria set (default Decision 2194).
 * @returns the band.
 * @example
 * ```ts
 * riskBand(15).id; // "very-low"
 * riskBand(15.5).id; // "low"
 * riskBand(81).id; // "very-high"
 * ```
 */
export function riskBand(index: number, set: CriteriaSet = DECISION_2194_CRITERIA): RiskBand {
  if (!Number.isFinite(index) || index < 0) throw new RangeError(`index must be a finite number ≥ 0, got ${index}`);
  return set.bands.find((b) => b.maxIndex === null || index <= b.maxIndex) ?? set.bands[set.bands.length - 1]!;
}

function pickOption(criterion: Criterion, answer: RiskAnswer): CriterionOption {
  const option =
    typeof answer === 'number'
      ? criterion.options.find((o) => o.range !== undefined && (o.range.min ?? -Infinity) <= answer && answer < (o.range.below ?? Infinity))
      : criterion.options.find((o) => o.id === answer);
  if (option === undefined) {
    const listed = criterion.options.map((o) => o.id).join(', ') || 'none published';
    throw new HealthtraceError(
      'risk/unknown-option',
      `criterion ${criterion.id}: no option matches ${JSON.stringify(answer)} (options: ${listed})`,
    );
  }
  return option;
}

/**
 * Scores a workplace against a criteria set.
 *
 * @param answers - criterion id → option id (or a number matched against the options' ranges, e.g. the worker count for `cs1`).
 * @param set - the criteria set (default {@link DECISION_2194_CRITERIA}; load a province's own with `parseCriteriaSet`).
 * @returns the assessment; incomplete (no index, no band) while any criterion is missing.
 * @throws HealthtraceError `risk/unknown-criterion` or `risk/unknown-option` for answers the set does not define;
 *   TypeError when an answer is neither a string nor a finite number.
 * @example
 * ```ts
 * const result = assessWorkplaceRisk({ cs1: 320, cs2: 'under-1m2', cs3: 'none' });
 * result.complete; // false: criteria 4–15 are not published
 * result.missing.map((m) => m.criterion); // ["cs4", …, "cs15"]
 * ```
 */
export function assessWorkplaceRisk(
  answers: Readonly<Record<string, RiskAnswer>>,
  set: CriteriaSet = DECISION_2194_CRITERIA,
): RiskAssessment {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) throw new TypeError('answers must be an object');
  const byId = new Map(set.criteria.map((c) => [c.id, c]));
  for (const key of Object.keys(answers)) {
    if (!byId.has(key)) throw new HealthtraceError('risk/unknown-criterion', `criteria set ${set.id} has no criterion ${key}`);
  }
  const scored: RiskAssessment['scored'] = [];
  const missing: RiskAssessment['missing'] = [];
  let points = 0;
  let open = 0;
  for (const criterion of set.criteria) {
    const answer = Object.hasOwn(answers, criterion.id) ? answers[criterion.id] : undefined;
    if (answer === undefined || answer === null) {
      missing.push({
        criterion: criterion.id,
        number: criterion.number,
        reason: criterion.options.length === 0 ? 'options-not-published' : 'not-answered',
        optionsComplete: criterion.optionsComplete,
      });
      continue;
    }
    if (typeof answer !== 'string' && !(typeof answer === 'number' && Number.isFinite(answer))) {
      throw new TypeError(`answers.${criterion.id} must be an option id or a finite number`);
    }
    const option = pickOption(criterion, answer);
    scored.push({ criterion: criterion.id, option: option.id, points: option.points });
    points += option.points;
    open += criterion.maxPoints ?? option.points;
  }
  const complete = missing.length === 0;
  const exact = (points / set.maxTotal) * 100;
  const low = round2(exact);
  // The unanswered criteria can add at most what the total leaves after the answered criteria's maxima.
  const high = round2((Math.min(set.maxTotal, points + (set.maxTotal - open)) / set.maxTotal) * 100);
  return {
    criteriaSet: set.id,
    complete,
    points,
    maxTotal: set.maxTotal,
    index: complete ? low : null,
    band: complete ? riskBand(exact, set) : null,
    indexRange: complete ? [low, low] : [low, high],
    scored,
    missing,
  };
}
