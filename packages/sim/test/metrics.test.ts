import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCORING,
  defaultConfig,
  heatmapSvg,
  lineChartSvg,
  meanInterval,
  planSweep,
  roc,
  runScenario,
  thresholdGrid,
  toCsv,
} from '../src/index';

describe('metrics and outputs', () => {
  it('computes ROC AUC with ties counted half', () => {
    expect(roc([0.9, 0.8, 0.1], [true, false, false]).auc).toBe(1);
    expect(roc([0.1, 0.9], [true, false]).auc).toBe(0);
    expect(roc([0.5, 0.5], [true, false]).auc).toBe(0.5);
    const r = roc([3, 2, 1, 0], [true, false, true, false]);
    expect(r.auc).toBeCloseTo(0.75, 10);
    expect(r.points[0]).toEqual({ threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 });
    expect(r.points.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    expect(roc([1], [true]).auc).toBeNaN();
  });

  it('gives a t interval of the mean', () => {
    expect(meanInterval([5])).toEqual({ mean: 5, low: 5, high: 5, n: 1 });
    const i = meanInterval([1, 2, 3]);
    expect(i.mean).toBe(2);
    expect(i.low).toBeCloseTo(2 - (4.303 * 1) / Math.sqrt(3), 4);
  });

  it('quotes CSV cells and leaves non-finite numbers empty', () => {
    expect(toCsv(['a', 'b'], [['x,y', Number.NaN]])).toBe('a,b\n"x,y",\n');
  });

  it('renders SVG strings with d3 scales and shapes', () => {
    const svg = lineChartSvg(
      't',
      [
        {
          name: 'a<b',
          points: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
      ],
      { xLabel: 'x', yLabel: 'y' },
    );
    expect(svg).toMatch(/^<svg xmlns/);
    expect(svg).toContain('<path d="M60,');
    expect(svg).toContain('a&lt;b');
    expect(heatmapSvg('h', ['1', '2'], ['3'], [[0.1, Number.NaN]], { xLabel: 'x', yLabel: 'y' })).toContain('fill="#ccc"');
  });

  it('plans sweeps with a threshold grid as extra scoring configs', () => {
    expect(thresholdGrid(DEFAULT_SCORING, [50, 60], [55, 65]).map((c) => c.name)).toEqual(['t0=50,t1=55', 't0=50,t1=65', 't0=60,t1=65']);
    const units = planSweep(defaultConfig(), { adoption: [0.5, 1], environments: ['open', 'vehicle'], seeds: [1, 2], t0: [50], t1: [60] });
    expect(units).toHaveLength(8);
    expect(units[0]!.config.extraScorings).toHaveLength(1);
    expect(units[3]!.config.environmentOverride).toBe('vehicle');
  });
});

describe('runScenario', () => {
  it('compares app and no-app runs with the same seeds and reports intervals', () => {
    const s = runScenario(defaultConfig({ agents: 800, days: 3, initialInfectedShare: 0.03 }), [1, 2]);
    expect(s.seeds.map((r) => r.seed)).toEqual([1, 2]);
    for (const r of s.seeds) expect(r.averted).toBe(r.infectionsWithoutApp - r.infectionsWithApp);
    expect(s.averted.n).toBe(2);
    expect(s.averted.low).toBeLessThanOrEqual(s.averted.high);
  });
});
