import { HealthtraceError } from '@healthtrace/core';
import {
  AREA_RISK_LEVEL_LABELS,
  AREA_RISK_LEVELS,
  assessWorkplaceRisk,
  type CriteriaSet,
  compareAreaRiskLevels,
  DECISION_2194_CRITERIA,
  districtTriggers,
  parseCriteriaSet,
  riskBand,
} from '@healthtrace/declaration';
import { describe, expect, it } from 'vitest';

// Expected values come from ../shared/reference/declarations-vn.md §7 (Decision 2194) and §8 (Decision 2686).

describe('Decision 2194 criteria as shipped', () => {
  const set = parseCriteriaSet(DECISION_2194_CRITERIA);
  const criterion = (id: string) => set.criteria.find((c) => c.id === id)!;

  it('has the 15 criteria of the formula CSNCLN = (CS1 + … + CS15) / 300 × 100', () => {
    expect(set.maxTotal).toBe(300);
    expect(set.criteria.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it('ships criteria 1–3 exactly as published and nothing for 4–15', () => {
    expect(criterion('cs1')).toMatchObject({ maxPoints: 10, optionsComplete: true });
    expect(criterion('cs1').title?.vi).toBe('Số lượng người lao động làm việc tập trung của cơ sở sản xuất, kinh doanh');
    expect(criterion('cs1').options.map((o) => o.points)).toEqual([1, 2, 4, 6, 8, 10]);
    expect(criterion('cs2')).toMatchObject({ maxPoints: 10, optionsComplete: true });
    expect(criterion('cs2').options.map((o) => o.points)).toEqual([0, 10]);
    expect(criterion('cs3')).toMatchObject({ maxPoints: 30, optionsComplete: false });
    expect(criterion('cs3').options.map((o) => [o.label.vi, o.points])).toEqual([
      ['Không có', 0],
      ['Người tiếp xúc vòng 2', 5],
    ]);
    for (let n = 4; n <= 15; n++)
      expect(criterion(`cs${n}`)).toMatchObject({ title: null, maxPoints: null, options: [], optionsComplete: false });
  });

  it('maps worker counts and working area to the published options', () => {
    const pick = (id: string, value: number) => assessWorkplaceRisk({ [id]: value }).scored[0];
    expect([49, 50, 199, 200, 499, 500, 999, 1000, 4999, 5000, 20000].map((n) => pick('cs1', n)?.points)).toEqual([
      1, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10,
    ]);
    expect(pick('cs2', 0.99)?.points).toBe(10);
    expect(pick('cs2', 1)?.points).toBe(0);
  });

  it('reports the assessment as incomplete, naming the missing criteria, instead of inventing options', () => {
    const result = assessWorkplaceRisk({ cs1: 'under-50', cs2: '1m2-or-more', cs3: 'none' });
    expect(result.complete).toBe(false);
    expect(result.index).toBeNull();
    expect(result.band).toBeNull();
    expect(result.points).toBe(1);
    expect(result.missing.map((m) => m.criterion)).toEqual([
      'cs4',
      'cs5',
      'cs6',
      'cs7',
      'cs8',
      'cs9',
      'cs10',
      'cs11',
      'cs12',
      'cs13',
      'cs14',
      'cs15',
    ]);
    expect(result.missing.every((m) => m.reason === 'options-not-published')).toBe(true);
    // 1 point so far; criteria 4–15 can add at most 300 − (10 + 10 + 30) = 250 points.
    expect(result.indexRange).toEqual([0.33, 83.67]);
    const unanswered = assessWorkplaceRisk({});
    expect(unanswered.missing.slice(0, 3).map((m) => [m.criterion, m.reason])).toEqual([
      ['cs1', 'not-answered'],
      ['cs2', 'not-answered'],
      ['cs3', 'not-answered'],
    ]);
    expect(unanswered.indexRange).toEqual([0, 100]);
  });

  it('rejects answers the set does not define', () => {
    expect(() => assessWorkplaceRisk({ cs99: 'x' })).toThrow(expect.objectContaining({ code: 'risk/unknown-criterion' }));
    expect(() => assessWorkplaceRisk({ cs3: 'first-ring-contact' })).toThrow(expect.objectContaining({ code: 'risk/unknown-option' }));
    expect(() => assessWorkplaceRisk({ cs4: 'anything' })).toThrow(expect.objectContaining({ code: 'risk/unknown-option' }));
    expect(() => assessWorkplaceRisk({ cs1: Number.NaN })).toThrow(TypeError);
    expect(() => assessWorkplaceRisk(null as never)).toThrow(TypeError);
  });
});

describe('risk bands (≤ 15 very low, 16–30 low, 31–50 medium, 51–80 high, > 80 very high)', () => {
  it.each([
    [0, 'very-low'],
    [15, 'very-low'],
    [15.01, 'low'],
    [16, 'low'],
    [30, 'low'],
    [31, 'medium'],
    [50, 'medium'],
    [51, 'high'],
    [80, 'high'],
    [80.01, 'very-high'],
    [81, 'very-high'],
    [100, 'very-high'],
  ])('index %d is %s', (index, band) => {
    expect(riskBand(index).id).toBe(band);
  });

  it('labels the bands as the decision does', () => {
    expect(DECISION_2194_CRITERIA.bands.map((b) => b.label.vi)).toEqual([
      'Rất ít nguy cơ',
      'Nguy cơ lây nhiễm thấp',
      'Nguy cơ lây nhiễm trung bình',
      'Nguy cơ lây nhiễm cao',
      'Nguy cơ lây nhiễm rất cao',
    ]);
    expect(() => riskBand(-1)).toThrow(RangeError);
  });
});

/** A complete provincial variant: three criteria of 100 points each (maxTotal 300, the same bands). */
const variant: CriteriaSet = {
  ...DECISION_2194_CRITERIA,
  id: 'example-province-variant',
  source: 'test fixture',
  criteria: ['a', 'b', 'c'].map((id, i) => ({
    id,
    number: i + 1,
    title: { vi: id, en: id },
    maxPoints: 100,
    optionsComplete: true,
    options: [0, 15, 45, 100].map((points) => ({ id: `p${points}`, label: { vi: `${points}`, en: `${points}` }, points })),
  })),
};

describe('a complete criteria set loaded from JSON', () => {
  it('computes index = sum / 300 × 100 and its band', () => {
    const set = parseCriteriaSet(JSON.parse(JSON.stringify(variant)));
    const result = assessWorkplaceRisk({ a: 'p15', b: 'p15', c: 'p15' }, set);
    expect(result).toMatchObject({ complete: true, points: 45, index: 15, indexRange: [15, 15], missing: [] });
    expect(result.band?.id).toBe('very-low');
    expect(assessWorkplaceRisk({ a: 'p15', b: 'p15', c: 'p45' }, set)).toMatchObject({ points: 75, index: 25 });
    expect(assessWorkplaceRisk({ a: 'p100', b: 'p100', c: 'p45' }, set).band?.id).toBe('very-high');
    expect(assessWorkplaceRisk({ a: 'p0', b: 'p45', c: 'p100' }, set)).toMatchObject({ index: 48.33, band: { id: 'medium' } });
  });

  it('rejects inconsistent criteria sets', () => {
    const bad = (change: (s: CriteriaSet) => void): unknown => {
      const copy = structuredClone(variant);
      change(copy);
      return copy;
    };
    for (const input of [
      bad((s) => {
        s.criteria[1]!.id = 'a';
      }),
      bad((s) => {
        s.criteria[0]!.options[3]!.points = 150;
      }),
      bad((s) => {
        s.maxTotal = 250;
      }),
      bad((s) => {
        s.bands[1]!.maxIndex = 10;
      }),
      bad((s) => {
        (s as unknown as Record<string, unknown>).extra = true;
      }),
      { id: 'x' },
      null,
    ]) {
      expect(() => parseCriteriaSet(input)).toThrow(HealthtraceError);
    }
  });
});

describe('area risk levels (Decision 2686/QĐ-BCĐQG)', () => {
  it('has the four levels with their official names, most severe first', () => {
    expect(AREA_RISK_LEVELS.map((l) => AREA_RISK_LEVEL_LABELS[l].vi)).toEqual([
      'Nguy cơ rất cao',
      'Nguy cơ cao',
      'Nguy cơ',
      'Bình thường mới',
    ]);
    expect(['high', 'new-normal', 'very-high', 'at-risk'].sort(compareAreaRiskLevels as (a: string, b: string) => number)).toEqual([
      'new-normal',
      'at-risk',
      'high',
      'very-high',
    ]);
    expect(() => compareAreaRiskLevels('bogus' as never, 'high')).toThrow(RangeError);
  });

  it('evaluates the published district triggers (≥ 30 % high, ≥ 50 % at risk, any very high)', () => {
    const communes = (high: number, atRisk: number, normal: number) => [
      ...Array<'high'>(high).fill('high'),
      ...Array<'at-risk'>(atRisk).fill('at-risk'),
      ...Array<'new-normal'>(normal).fill('new-normal'),
    ];
    expect(districtTriggers(communes(3, 0, 7))).toMatchObject({ highShareAtLeast30: true, triggered: true });
    expect(districtTriggers(communes(2, 2, 6))).toMatchObject({ highShareAtLeast30: false, atRiskShareAtLeast50: false, triggered: false });
    expect(districtTriggers(communes(0, 5, 5))).toMatchObject({ atRiskShareAtLeast50: true, triggered: true });
    expect(districtTriggers(['very-high', ...communes(0, 0, 99)])).toMatchObject({ anyVeryHigh: true, triggered: true });
    expect(districtTriggers([])).toMatchObject({ communes: 0, triggered: false });
  });
});
