/**
 * SVG plots rendered without a browser: `d3-scale` maps data to pixels and `d3-shape` builds path strings;
 * this file only lays out axes and labels as SVG text.
 *
 * @packageDocumentation
 */

import { scaleBand, scaleLinear, scaleSequential } from 'd3-scale';
import { line } from 'd3-shape';

/** One named line of a line chart. */
export interface Series {
  /** Legend label. */
  name: string;
  /** Points (x, y). */
  points: { x: number; y: number }[];
}

const W = 560;
const H = 400;
const M = { top: 40, right: 150, bottom: 50, left: 60 };
const COLORS = ['#1b6ca8', '#d1495b', '#2e933c', '#edae49', '#6b4c9a', '#00798c', '#8d6a9f', '#4d4d4d'];

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * A line chart (used for ROC curves and epidemic curves).
 *
 * @param title - chart title.
 * @param series - the lines.
 * @param options - axis labels and fixed domains.
 * @returns a standalone SVG document.
 * @example
 * ```ts
 * const svg = lineChartSvg('ROC', [{ name: 'nhs-like', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }], { xLabel: 'FPR', yLabel: 'TPR' });
 * ```
 */
export function lineChartSvg(
  title: string,
  series: readonly Series[],
  options: { xLabel: string; yLabel: string; xDomain?: [number, number]; yDomain?: [number, number]; diagonal?: boolean },
): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const x = scaleLinear()
    .domain(options.xDomain ?? [Math.min(0, ...xs), Math.max(1, ...xs)])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain(options.yDomain ?? [0, Math.max(1, ...ys)])
    .nice()
    .range([H - M.bottom, M.top]);
  const path = line<{ x: number; y: number }>()
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11" role="img">`,
  );
  parts.push(`<title>${esc(title)}</title>`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2 - M.right / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`);
  for (const t of x.ticks(5)) {
    parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${x(t)}" y="${H - M.bottom + 15}" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of y.ticks(5)) {
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  parts.push(
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`,
  );
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`,
  );
  if (options.diagonal) {
    const [d0, d1] = x.domain() as [number, number];
    parts.push(`<line x1="${x(d0)}" y1="${y(d0)}" x2="${x(d1)}" y2="${y(d1)}" stroke="#999" stroke-dasharray="4 3"/>`);
  }
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    parts.push(`<path d="${path(s.points) ?? ''}" fill="none" stroke="${color}" stroke-width="2"/>`);
    const ly = M.top + 10 + i * 16;
    parts.push(`<line x1="${W - M.right + 10}" x2="${W - M.right + 28}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${W - M.right + 32}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/**
 * A heat map of values on a grid (e.g. AUC or recall over two attenuation thresholds).
 *
 * @param title - chart title.
 * @param xLabels - column labels.
 * @param yLabels - row labels.
 * @param values - `values[row][column]`; `NaN` cells are grey.
 * @param options - axis labels.
 * @returns a standalone SVG document.
 * @example
 * ```ts
 * const svg = heatmapSvg('recall', ['50', '55'], ['60', '65'], [[0.4, 0.5], [0.6, 0.7]], { xLabel: 't0', yLabel: 't1' });
 * ```
 */
export function heatmapSvg(
  title: string,
  xLabels: readonly string[],
  yLabels: readonly string[],
  values: readonly (readonly number[])[],
  options: { xLabel: string; yLabel: string },
): string {
  const x = scaleBand<string>()
    .domain([...xLabels])
    .range([M.left, W - M.right])
    .padding(0.04);
  const y = scaleBand<string>()
    .domain([...yLabels])
    .range([H - M.bottom, M.top])
    .padding(0.04);
  const finite = values.flat().filter((v) => Number.isFinite(v));
  const lo = Math.min(...finite, 0);
  const hi = Math.max(...finite, 1e-9);
  const color = scaleSequential(
    (t: number) => `rgb(${Math.round(255 - 228 * t)},${Math.round(255 - 147 * t)},${Math.round(255 - 87 * t)})`,
  ).domain([lo, hi]);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11" role="img">`,
  );
  parts.push(`<title>${esc(title)}</title>`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2 - M.right / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`);
  yLabels.forEach((yl, r) => {
    xLabels.forEach((xl, c) => {
      const v = values[r]?.[c] ?? Number.NaN;
      const fill = Number.isFinite(v) ? color(v) : '#ccc';
      const cx = x(xl)!;
      const cy = y(yl)!;
      parts.push(`<rect x="${cx}" y="${cy}" width="${x.bandwidth()}" height="${y.bandwidth()}" fill="${fill}"/>`);
      if (Number.isFinite(v)) {
        const dark = (v - lo) / (hi - lo || 1) > 0.6;
        parts.push(
          `<text x="${cx + x.bandwidth() / 2}" y="${cy + y.bandwidth() / 2 + 4}" text-anchor="middle" fill="${dark ? 'white' : 'black'}">${v.toFixed(2)}</text>`,
        );
      }
    });
  });
  for (const xl of xLabels)
    parts.push(`<text x="${x(xl)! + x.bandwidth() / 2}" y="${H - M.bottom + 15}" text-anchor="middle">${esc(xl)}</text>`);
  for (const yl of yLabels) parts.push(`<text x="${M.left - 6}" y="${y(yl)! + y.bandwidth() / 2 + 4}" text-anchor="end">${esc(yl)}</text>`);
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`,
  );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
