/**
 * Writing results: JSON and CSV tables, SVG plots and a self-contained HTML report. Every file is written
 * atomically (temporary file + rename), so an interrupted run leaves only complete files.
 *
 * @packageDocumentation
 */

import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsJson, type SimResults } from '../run/results';
import { lineChartSvg } from './svg-plots';

/**
 * Writes a file atomically: a temporary sibling first, then a rename.
 *
 * @param path - destination.
 * @param data - contents.
 * @example
 * ```ts
 * writeFileAtomic('out/results.json', text);
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function csvCell(v: unknown): string {
  const s = typeof v === 'number' && !Number.isFinite(v) ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Formats rows as CSV (RFC 4180 quoting; non-finite numbers as empty cells).
 *
 * @param header - column names.
 * @param rows - the rows.
 * @returns CSV text with a trailing newline.
 * @example
 * ```ts
 * toCsv(['a', 'b'], [[1, 'x']]); // "a,b\n1,x\n"
 * ```
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

/**
 * The scoring metrics of one run as CSV rows (one per config and distance threshold).
 *
 * @param results - the run's results.
 * @param extra - leading columns to prepend (e.g. a sweep unit's parameters).
 * @returns header and rows.
 * @example
 * ```ts
 * const { header, rows } = scoringTable(results);
 * ```
 */
export function scoringTable(results: SimResults, extra: Record<string, unknown> = {}): { header: string[]; rows: unknown[][] } {
  const header = [
    ...Object.keys(extra),
    'config',
    'distance_m',
    'minutes',
    'precision',
    'recall',
    'auc',
    'attenuation_auc',
    'ndcf',
    'p_miss',
    'p_fa',
  ];
  const rows = results.scoring.flatMap((s) =>
    s.byDistance.map((d) => [
      ...Object.values(extra),
      s.name,
      d.distanceM,
      d.minutes,
      d.precision,
      d.recall,
      d.auc,
      d.attenuationAuc,
      d.ndcf,
      d.pMiss,
      d.pFa,
    ]),
  );
  return { header, rows };
}

/**
 * ROC plot of every scoring config at one distance threshold.
 *
 * @param results - the run's results.
 * @param distanceM - which ground-truth distance (default: the middle one).
 * @returns SVG text.
 * @example
 * ```ts
 * writeFileSync('roc.svg', rocSvg(results, 1.8));
 * ```
 */
export function rocSvg(results: SimResults, distanceM?: number): string {
  const ds = results.config.truthDistancesM;
  const d = distanceM ?? ds[Math.floor(ds.length / 2)]!;
  const series = results.scoring.map((s) => {
    const m = s.byDistance.find((x) => x.distanceM === d) ?? s.byDistance[0]!;
    return { name: `${s.name} (AUC ${m.auc.toFixed(3)})`, points: m.roc.map((p) => ({ x: p.fpr, y: p.tpr })) };
  });
  return lineChartSvg(`ROC: closer than ${d} m for ≥ ${results.config.truthMinutes} min`, series, {
    xLabel: 'false-positive rate',
    yLabel: 'true-positive rate',
    xDomain: [0, 1],
    yDomain: [0, 1],
    diagonal: true,
  });
}

/**
 * Epidemic curve: new infections, diagnoses and notifications per day.
 *
 * @param results - the run's results.
 * @returns SVG text.
 * @example
 * ```ts
 * writeFileSync('epidemic.svg', epidemicSvg(results));
 * ```
 */
export function epidemicSvg(results: SimResults): string {
  const pick = (k: 'infections' | 'diagnoses' | 'notifications' | 'uploads') => results.daily.map((r) => ({ x: r.day, y: r[k] }));
  return lineChartSvg(
    'Epidemic curve',
    [
      { name: 'infections', points: pick('infections') },
      { name: 'diagnoses', points: pick('diagnoses') },
      { name: 'uploads', points: pick('uploads') },
      { name: 'notifications', points: pick('notifications') },
    ],
    { xLabel: 'day', yLabel: 'people per day' },
  );
}

function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : '–') : String(v));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v) => `<td>${esc(cell(v))}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/**
 * A self-contained HTML report (inline SVG, no scripts) for a run directory's files.
 *
 * @param title - page title.
 * @param sections - headed blocks of HTML (tables, inline SVG).
 * @returns the HTML text.
 * @example
 * ```ts
 * htmlReport('Run', [{ heading: 'ROC', html: rocSvg(results) }]);
 * ```
 */
export function htmlReport(title: string, sections: readonly { heading: string; html: string }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}svg{max-width:100%;height:auto}</style>
</head><body><h1>${esc(title)}</h1>
${sections.map((s) => `<h2>${esc(s.heading)}</h2>\n${s.html}`).join('\n')}
</body></html>
`;
}

/** Files written for one run. */
export const RUN_FILES: readonly string[] = ['results.json', 'scoring.csv', 'daily.csv', 'roc.svg', 'epidemic.svg', 'report.html'];

/**
 * Writes a run's results, tables, plots and report into a directory (each file atomically).
 *
 * @param dir - output directory (created).
 * @param results - the run's results.
 * @param extraSections - more report sections (e.g. the multi-seed comparison).
 * @example
 * ```ts
 * writeRunOutputs('out', summarize(simulate(config)));
 * ```
 */
export function writeRunOutputs(dir: string, results: SimResults, extraSections: { heading: string; html: string }[] = []): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'results.json'), resultsJson(results));
  const s = scoringTable(results);
  writeFileAtomic(join(dir, 'scoring.csv'), toCsv(s.header, s.rows));
  const dailyHeader = Object.keys(results.daily[0] ?? { day: 0 });
  writeFileAtomic(
    join(dir, 'daily.csv'),
    toCsv(
      dailyHeader,
      results.daily.map((r) => dailyHeader.map((k) => (r as unknown as Record<string, unknown>)[k])),
    ),
  );
  writeFileAtomic(join(dir, 'roc.svg'), rocSvg(results));
  writeFileAtomic(join(dir, 'epidemic.svg'), epidemicSvg(results));
  writeFileAtomic(join(dir, 'report.html'), runReport(results, extraSections));
}

/**
 * The HTML report of one run.
 *
 * @param results - the run's results.
 * @param extraSections - more sections.
 * @returns HTML text.
 * @example
 * ```ts
 * const html = runReport(results);
 * ```
 */
export function runReport(results: SimResults, extraSections: { heading: string; html: string }[] = []): string {
  const t = results.totals;
  const c = results.config;
  const s = scoringTable(results);
  return htmlReport(`healthtrace sim: ${c.agents} agents × ${c.days} days, seed ${c.seed}`, [
    {
      heading: 'Totals',
      html: table(
        [
          'app users',
          'infections',
          'diagnoses',
          'uploads',
          'notifications',
          'notifications / index case',
          'SAR among notified',
          'sightings',
        ],
        [
          [
            t.appUsers,
            t.infections,
            t.diagnoses,
            t.uploads,
            t.notifications,
            t.notificationsPerIndexCase,
            t.secondaryAttackRateNotified,
            t.sightings,
          ],
        ],
      ),
    },
    { heading: 'Scoring configs against ground truth', html: table(s.header, s.rows) },
    { heading: 'ROC', html: rocSvg(results) },
    { heading: 'Epidemic curve', html: epidemicSvg(results) },
    ...extraSections,
  ]);
}

/**
 * Rebuilds the report of a directory written by {@link writeRunOutputs} or a sweep (reads every
 * `results.json` under it).
 *
 * @param dir - the directory.
 * @returns the path of the written `report.html`.
 * @throws Error (ENOENT) when the directory holds no results.
 * @example
 * ```ts
 * rebuildReport('out');
 * ```
 */
export function rebuildReport(dir: string): string {
  const found: { name: string; results: SimResults }[] = [];
  const visit = (d: string, name: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) visit(join(d, entry.name), name ? `${name}/${entry.name}` : entry.name);
      else if (entry.name === 'results.json')
        found.push({ name: name || '.', results: JSON.parse(readFileSync(join(d, entry.name), 'utf8')) as SimResults });
    }
  };
  visit(dir, '');
  if (found.length === 0) throw Object.assign(new Error(`no results.json under ${dir}`), { code: 'ENOENT' });
  const out = join(dir, 'report.html');
  if (found.length === 1) {
    writeFileAtomic(out, runReport(found[0]!.results));
    return out;
  }
  const rows = found.flatMap(({ name, results }) => scoringTable(results, { unit: name }).rows);
  const header = scoringTable(found[0]!.results, { unit: '' }).header;
  const sections = [
    { heading: 'All units', html: table(header, rows) },
    ...found.map(({ name, results }) => ({ heading: `ROC: ${name}`, html: rocSvg(results) })),
  ];
  const heat = join(dir, 'heatmap.svg');
  try {
    sections.unshift({ heading: 'Sweep heat map', html: readFileSync(heat, 'utf8') });
  } catch {
    // No heat map for this directory (not a threshold sweep).
  }
  writeFileAtomic(out, htmlReport(`healthtrace sim report: ${dir}`, sections));
  return out;
}
