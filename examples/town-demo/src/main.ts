/**
 * `pnpm demo`: runs the town (see `town.ts`), prints a summary and writes `out/report.html` and the venue posters.
 *
 *   pnpm demo                              # 1,000 residents, 14 days
 *   pnpm demo -- --residents 200 --out /tmp/town
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderReport } from './report';
import { runTown, type TownSummary } from './town';

/** What {@link runDemo} wrote. */
export interface DemoResult {
  /** The summary of the run. */
  summary: TownSummary;
  /** Wall time, seconds. */
  seconds: number;
  /** Path of the report. */
  reportPath: string;
  /** The summary lines printed. */
  lines: string[];
}

/**
 * Runs the town and writes its outputs.
 *
 * @param options - residents, output folder, and where progress and the summary go.
 * @returns the summary and the report path.
 */
export async function runDemo(
  options: {
    residents?: number;
    outDir?: string;
    progress?: (step: string, fraction: number) => void;
    print?: (line: string) => void;
  } = {},
): Promise<DemoResult> {
  const started = performance.now();
  const outDir = resolve(options.outDir ?? fileURLToPath(new URL('../out/', import.meta.url)));
  const postersDir = join(outDir, 'posters');
  rmSync(postersDir, { recursive: true, force: true });
  mkdirSync(postersDir, { recursive: true });
  const summary = await runTown({
    residents: options.residents ?? 1000,
    postersDir,
    ...(options.progress ? { onProgress: options.progress } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  const reportPath = join(outDir, 'report.html');
  writeFileSync(reportPath, renderReport(summary, seconds));
  writeFileSync(
    join(outDir, 'summary.json'),
    `${JSON.stringify({ ...summary, aggregates: summary.aggregates.symptomsByProvince }, null, 2)}\n`,
  );
  const s = summary;
  const lines = [
    `healthtrace town demo: ${s.residents} residents (${s.appUsers} with the app), ${s.days} days, ${s.firstDay} → ${s.lastDay}`,
    `  enterprises      ${s.enterprises.map((e) => `${e.name} (${e.employees} employees via SCIM)`).join(', ')}`,
    `  venues           ${s.venues.length} registered, posters in ${postersDir}`,
    `  declarations     ${s.declarations.sent} sent, ${s.declarations.stored} stored (${s.declarations.queuedOffline} queued offline, ${s.declarations.deliveredLater} delivered later)`,
    `  check-ins        ${s.checkIns.sent} by scanning venue QR codes (${s.checkIns.queuedOffline} queued offline, ${s.checkIns.deliveredLater} delivered later)`,
    `  positive case    resident #${s.indexCase.agent} published ${s.indexCase.keysPublished} keys; ${s.indexCase.warningsPublished} venue visit(s) warned (${s.venueWarnings.identifiers} identifiers)`,
    `  exports          ${s.exports.files.length} signed file(s), ${s.exports.keys} keys (padded), downloaded and verified by ${s.exports.downloads} phones`,
    `  matching         ${s.matching.phonesWithMatches} phones matched ${s.matching.matchedSightings} sightings in ${s.matching.exposureWindows} exposure windows`,
    `  notifications    ${s.matching.notified} exposure notification(s), ${s.venueWarnings.phonesWarned} venue warning(s) on phones`,
    ...s.enterprises.map(
      (e) =>
        `  ${e.name.padEnd(26)} health checks ${e.compliance.submitted}/${e.compliance.activeEmployees}, ${e.compliance.withSymptoms} with symptoms, ` +
        `risk ${e.risk.complete ? e.risk.band : 'incomplete'}, ${Object.values(e.webhooks).reduce((a, b) => a + b, 0)} webhooks`,
    ),
    `  webhooks         ${s.webhooks.received} received with valid signatures, ${s.webhooks.rejected} refused`,
    `  map              ${Object.values(s.aggregates.symptomsByProvince)
      .filter((p) => p.count > 0)
      .map((p) => `${p.name} ${p.count}`)
      .join(', ')} declarations with symptoms (k-anonymised)`,
    `  report           ${reportPath} (${seconds.toFixed(1)} s)`,
  ];
  options.progress?.('report written', 1);
  for (const line of lines) options.print?.(line);
  return { summary, seconds, reportPath, lines };
}

/** A progress display: one redrawn bar on a TTY, plain lines otherwise. */
function progressDisplay(): (step: string, fraction: number) => void {
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let lastLine = '';
  return (step, fraction) => {
    const secs = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
    if (tty) {
      const width = 28;
      const filled = Math.round(Math.min(1, fraction) * width);
      const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${secs}s ${step}`;
      process.stderr.write(`\r\x1b[2K${text.slice(0, (process.stderr.columns ?? 100) - 1)}`);
      if (fraction >= 1) process.stderr.write('\n');
    } else if (step !== lastLine) {
      process.stderr.write(`${secs}s ${step}\n`);
    }
    lastLine = step;
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => a !== '--'); // `pnpm demo -- --residents 200` passes the --
  const { values } = parseArgs({ args, options: { residents: { type: 'string' }, out: { type: 'string' } } });
  const progress = progressDisplay();
  const residents = values.residents === undefined ? 1000 : Number(values.residents);
  if (!Number.isInteger(residents) || residents < 50) throw new RangeError('--residents must be an integer ≥ 50');
  await runDemo({
    residents,
    ...(values.out ? { outDir: values.out } : {}),
    progress,
    print: (line) => console.log(line),
  });
}
