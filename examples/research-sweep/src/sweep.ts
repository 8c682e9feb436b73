/**
 * A threshold sweep a researcher would adapt: one simulated town, every (t0, t1) attenuation-bucket pair of a
 * grid scored on the same sightings (so the comparison is paired), then ROC curves and heat maps of recall and
 * precision at the middle truth distance, written as SVG next to a JSON summary.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, heatmapSvg, planSweep, resultsJson, rocSvg, type SimResults, simulate, summarize } from '@healthtrace/sim';

/** What to sweep. */
export interface SweepOptions {
  /** Simulated residents (default 2,000). */
  agents?: number;
  /** Simulated days (default 7). */
  days?: number;
  /** Run seed (default 1). */
  seed?: number;
  /** Immediate/near thresholds in dB (default 45, 50, 55, 60). */
  t0?: number[];
  /** Near/medium thresholds in dB (default 60, 65, 70, 75). */
  t1?: number[];
  /** Output folder. */
  out: string;
  /** Called after each simulated day. */
  onDay?: () => void;
}

/** One scored threshold pair. */
export interface SweepRow {
  t0: number;
  t1: number;
  recall: number;
  precision: number;
  auc: number;
}

/** What {@link runSweep} wrote and found. */
export interface SweepSummary {
  /** Truth distance the figures are given at (m). */
  distanceM: number;
  /** Contact duration that counts as a true contact (min). */
  truthMinutes: number;
  /** One row per threshold pair (t0 < t1). */
  rows: SweepRow[];
  /** The pair with the highest F1 at `distanceM`. */
  best: SweepRow;
  /** Files written. */
  files: { roc: string; recallHeatmap: string; precisionHeatmap: string; summary: string; results: string };
}

/**
 * Simulates one town and scores it under every threshold pair.
 *
 * @param options - grid, size and output folder.
 * @returns the rows, the best pair by F1 and the files written.
 */
export function runSweep(options: SweepOptions): SweepSummary {
  const t0 = options.t0 ?? [45, 50, 55, 60];
  const t1 = options.t1 ?? [60, 65, 70, 75];
  const base = defaultConfig({ agents: options.agents ?? 2000, days: options.days ?? 7, seed: options.seed ?? 1 });
  // Thresholds do not change who meets whom: planSweep attaches the whole grid to one run as extra scorings.
  const [unit] = planSweep(base, { t0, t1 });
  const results: SimResults = summarize(simulate(unit!.config, options.onDay));
  const distanceM = base.truthDistancesM[Math.floor(base.truthDistancesM.length / 2)]!;

  const rows: SweepRow[] = [];
  const grid = (pick: (r: SweepRow) => number): number[][] =>
    t1.map((b) => t0.map((a) => rows.find((r) => r.t0 === a && r.t1 === b)).map((r) => (r ? pick(r) : Number.NaN)));
  for (const s of results.scoring) {
    const m = /^t0=(\d+(?:\.\d+)?),t1=(\d+(?:\.\d+)?)$/.exec(s.name);
    const d = s.byDistance.find((x) => x.distanceM === distanceM);
    if (!m || !d) continue;
    rows.push({ t0: Number(m[1]), t1: Number(m[2]), recall: d.recall, precision: d.precision, auc: d.auc });
  }
  const f1 = (r: SweepRow): number => (r.recall + r.precision > 0 ? (2 * r.recall * r.precision) / (r.recall + r.precision) : 0);
  const best = rows.reduce((a, b) => (f1(b) > f1(a) ? b : a));

  mkdirSync(options.out, { recursive: true });
  const files = {
    roc: join(options.out, 'roc.svg'),
    recallHeatmap: join(options.out, 'recall-heatmap.svg'),
    precisionHeatmap: join(options.out, 'precision-heatmap.svg'),
    summary: join(options.out, 'sweep.json'),
    results: join(options.out, 'results.json'),
  };
  const axes = { xLabel: 't0 (dB)', yLabel: 't1 (dB)' };
  const what = `≤ ${distanceM} m for ≥ ${base.truthMinutes} min`;
  writeFileSync(files.roc, rocSvg(results, distanceM));
  writeFileSync(
    files.recallHeatmap,
    heatmapSvg(
      `Recall (${what})`,
      t0.map(String),
      t1.map(String),
      grid((r) => r.recall),
      axes,
    ),
  );
  writeFileSync(
    files.precisionHeatmap,
    heatmapSvg(
      `Precision (${what})`,
      t0.map(String),
      t1.map(String),
      grid((r) => r.precision),
      axes,
    ),
  );
  writeFileSync(files.results, resultsJson(results));
  const summary = { distanceM, truthMinutes: base.truthMinutes, rows, best, files };
  writeFileSync(files.summary, resultsJson({ config: { agents: base.agents, days: base.days, seed: base.seed, t0, t1 }, ...summary }));
  return summary;
}
