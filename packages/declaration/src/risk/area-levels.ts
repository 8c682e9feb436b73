/**
 * Area-level epidemic risk (Decision 2686/QĐ-BCĐQG, 31 May 2021): four levels and the published
 * district-level triggers. The decision's mapping from triggers to a district's level is not
 * reproduced in healthtrace's reference, so {@link districtTriggers} reports which triggers fire
 * and does not assign a level.
 */

/** The four levels, most severe first. */
export const AREA_RISK_LEVELS: readonly ['very-high', 'high', 'at-risk', 'new-normal'] = ['very-high', 'high', 'at-risk', 'new-normal'];

/** An area risk level. */
export type AreaRiskLevel = (typeof AREA_RISK_LEVELS)[number];

/** Official names of the levels (`Nguy cơ rất cao`, `Nguy cơ cao`, `Nguy cơ`, `Bình thường mới`) and English glosses. */
export const AREA_RISK_LEVEL_LABELS: Readonly<Record<AreaRiskLevel, { vi: string; en: string }>> = {
  'very-high': { vi: 'Nguy cơ rất cao', en: 'Very high risk' },
  high: { vi: 'Nguy cơ cao', en: 'High risk' },
  'at-risk': { vi: 'Nguy cơ', en: 'At risk' },
  'new-normal': { vi: 'Bình thường mới', en: 'New normal' },
};

function severity(level: AreaRiskLevel): number {
  const i = AREA_RISK_LEVELS.indexOf(level);
  if (i < 0) throw new RangeError(`level must be one of ${AREA_RISK_LEVELS.join(', ')}, got ${String(level)}`);
  return AREA_RISK_LEVELS.length - 1 - i;
}

/**
 * Orders two levels by severity.
 *
 * @param a - a level.
 * @param b - another level.
 * @returns a negative number when `a` is less severe than `b`, 0 when equal, positive otherwise.
 * @throws RangeError for an unknown level.
 * @example
 * ```ts
 * ['high', 'new-normal', 'very-high'].sort(compareAreaRiskLevels); // ["new-normal", "high", "very-high"]
 * ```
 */
export function compareAreaRiskLevels(a: AreaRiskLevel, b: AreaRiskLevel): number {
  return severity(a) - severity(b);
}

/** Which Decision 2686 district-level triggers fire for a district's communes. */
export interface DistrictTriggers {
  /** Number of communes considered. */
  communes: number;
  /** Share (0–1) of communes at `high` or above. */
  highShare: number;
  /** Share (0–1) of communes at `at-risk` or above. */
  atRiskShare: number;
  /** ≥ 30 % of communes at high risk (or above). */
  highShareAtLeast30: boolean;
  /** ≥ 50 % of communes at the "Nguy cơ" level (or above). */
  atRiskShareAtLeast50: boolean;
  /** At least one commune at very high risk. */
  anyVeryHigh: boolean;
  /** Whether any trigger fires. */
  triggered: boolean;
}

/**
 * Evaluates the published district-level triggers of Decision 2686 on the levels of a district's
 * communes: ≥ 30 % of communes at high risk, or ≥ 50 % at "Nguy cơ", or any commune at very high risk.
 *
 * @param communeLevels - the level of every commune of the district.
 * @returns the shares and which triggers fire.
 * @throws RangeError for an unknown level.
 * @example
 * ```ts
 * districtTriggers(['high', 'new-normal', 'new-normal']).highShareAtLeast30; // true (1/3)
 * ```
 */
export function districtTriggers(communeLevels: readonly AreaRiskLevel[]): DistrictTriggers {
  const n = communeLevels.length;
  let high = 0;
  let atRisk = 0;
  let veryHigh = false;
  for (const level of communeLevels) {
    const s = severity(level);
    if (s >= severity('high')) high++;
    if (s >= severity('at-risk')) atRisk++;
    if (level === 'very-high') veryHigh = true;
  }
  const highShare = n === 0 ? 0 : high / n;
  const atRiskShare = n === 0 ? 0 : atRisk / n;
  // Compare with integers (10·count ≥ 3·n) so that 3 of 10 communes counts as exactly 30 %.
  const highShareAtLeast30 = n > 0 && high * 10 >= n * 3;
  const atRiskShareAtLeast50 = n > 0 && atRisk * 2 >= n;
  return {
    communes: n,
    highShare,
    atRiskShare,
    highShareAtLeast30,
    atRiskShareAtLeast50,
    anyVeryHigh: veryHigh,
    triggered: highShareAtLeast30 || atRiskShareAtLeast50 || veryHigh,
  };
}
