/**
 * `healthtrace sim run|sweep|report`: the exposure-matching simulator of `@healthtrace/sim`.
 * Every completed unit (a seed of `run`, a unit of `sweep`) is written atomically, with `manifest.json` listing
 * them. Ctrl-C (SIGINT) stops the simulation after the day in progress: the unit being simulated is written as a
 * partial result (`"partial": true`, `daysCompleted`), the manifest is marked `interrupted`, and the command
 * exits with 130. A second Ctrl-C quits at once.
 */

import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dailySummariesConfigSchema } from '@healthtrace/encounters';
import {
  defaultConfig,
  type EnvironmentName,
  heatmapSvg,
  meanInterval,
  planSweep,
  rebuildReport,
  resultsJson,
  type SchemeName,
  type ScoringConfig,
  type SimConfig,
  type SimResults,
  scoringTable,
  simulateAsync,
  summarize,
  toCsv,
  writeFileAtomic,
  writeRunOutputs,
} from '@healthtrace/sim';
import type { Command } from 'commander';
import { type CliContext, CliError, emit, progress } from '../cli-kit';
import type { CommandRegistration } from './index';

interface CommonOptions {
  threads: string;
  scheme?: string;
  agents: string;
  days: string;
  seed: string;
  config?: string;
  out: string;
  json?: boolean;
}

interface RunOptions extends CommonOptions {
  seeds?: string;
  compare?: boolean;
}

interface SweepOptions extends CommonOptions {
  seeds?: string;
  t0?: string;
  t1?: string;
  adoption?: string;
  env?: string;
}

const ENVIRONMENTS = ['open', 'indoor', 'vehicle', 'mixed'] as const;
const SCHEMES: readonly SchemeName[] = ['gaen', 'bluezone'];

/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * Listens for Ctrl-C while a command runs: the first SIGINT aborts the returned signal (the simulation stops after
 * the day in progress and partial results are written), a second one exits at once.
 */
function interruptible(context: CliContext): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    context.io.stderr.write('\nhealthtrace: interrupted; writing partial results (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

function int(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError('usage', `${name} must be an integer in [${min}, ${max}], got ${value}`);
  return n;
}

function numberList(value: string | undefined, name: string): number[] | undefined {
  if (value === undefined) return undefined;
  const xs = value.split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x)))
    throw new CliError('usage', `${name} must be a comma-separated list of numbers`);
  return xs;
}

function scoring(value: unknown, what: string): ScoringConfig {
  if (typeof value !== 'object' || value === null) throw new CliError('sim/bad-config', `${what} must be an object`);
  const v = value as Record<string, unknown>;
  const parsed = dailySummariesConfigSchema.safeParse(v);
  if (!parsed.success)
    throw new CliError('sim/bad-config', `${what}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const threshold = v.dailyThresholdSeconds ?? 900;
  if (typeof threshold !== 'number' || !(threshold >= 0))
    throw new CliError('sim/bad-config', `${what}.dailyThresholdSeconds must be a number ≥ 0`);
  return { ...parsed.data, name: typeof v.name === 'string' ? v.name : what, dailyThresholdSeconds: threshold };
}

/** Reads a JSON config file: any `SimConfig` fields; `scoring`/`extraScorings` are GAEN v2 DailySummariesConfigs. */
async function loadConfig(file: string | undefined): Promise<Partial<SimConfig>> {
  if (file === undefined) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw error;
    throw new CliError('sim/bad-config', `${file} is not valid JSON`, undefined, { cause: error });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new CliError('sim/bad-config', `${file} must hold a JSON object`);
  const known = new Set(Object.keys(defaultConfig()));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!known.has(k)) throw new CliError('sim/bad-config', `unknown config field "${k}"`);
    out[k] = v;
  }
  if (out.scoring !== undefined) out.scoring = scoring(out.scoring, 'scoring');
  if (out.extraScorings !== undefined) {
    if (!Array.isArray(out.extraScorings)) throw new CliError('sim/bad-config', 'extraScorings must be an array');
    out.extraScorings = out.extraScorings.map((s, i) => scoring(s, `extraScorings[${i}]`));
  }
  return out as Partial<SimConfig>;
}

async function baseConfig(opts: CommonOptions): Promise<SimConfig> {
  const fromFile = await loadConfig(opts.config);
  if (opts.scheme !== undefined && !(SCHEMES as readonly string[]).includes(opts.scheme))
    throw new CliError('usage', `--scheme must be one of ${SCHEMES.join(', ')}, got ${opts.scheme}`);
  if (fromFile.scheme !== undefined && !(SCHEMES as readonly string[]).includes(fromFile.scheme))
    throw new CliError('sim/bad-config', `scheme must be one of ${SCHEMES.join(', ')}`);
  return defaultConfig({
    ...fromFile,
    ...(opts.scheme !== undefined ? { scheme: opts.scheme as SchemeName } : {}),
    agents: int(opts.agents, '--agents', 2, 10_000_000),
    days: int(opts.days, '--days', 1, 365),
    seed: int(opts.seed, '--seed', 0, 2 ** 31 - 1),
    threads: int(opts.threads, '--threads', 1, 64),
  });
}

function brief(r: SimResults): Record<string, unknown> {
  const m = r.scoring[0]!.byDistance;
  return {
    seed: r.config.seed,
    scheme: r.config.scheme,
    ...(r.partial ? { partial: true, daysCompleted: r.daysCompleted } : {}),
    infections: r.totals.infections,
    uploads: r.totals.uploads,
    notifications: r.totals.notifications,
    venueWarnings: r.totals.venueWarnings,
    notificationsPerIndexCase: r.totals.notificationsPerIndexCase,
    secondaryAttackRateNotified: r.totals.secondaryAttackRateNotified,
    auc: Object.fromEntries(m.map((d) => [String(d.distanceM), d.auc])),
    ndcf: Object.fromEntries(m.map((d) => [String(d.distanceM), d.ndcf])),
  };
}

async function run(opts: RunOptions, context: CliContext): Promise<void> {
  const base = await baseConfig(opts);
  const seeds = numberList(opts.seeds, '--seeds')?.map((s) => int(String(s), '--seeds', 0, 2 ** 31 - 1)) ?? [base.seed];
  const multi = seeds.length > 1 || opts.compare;
  const runsPerSeed = opts.compare ? 2 : 1;
  const bar = progress(context.io, 'simulating', seeds.length * runsPerSeed * base.days);
  let daysDone = 0;
  const onDay = () => bar.update(++daysDone);
  mkdirSync(opts.out, { recursive: true });
  const summaries: Record<string, unknown>[] = [];
  const completed: number[] = [];
  const comparisons: { seed: number; withApp: number; withoutApp: number; averted: number }[] = [];
  const manifest = (interrupted: boolean) =>
    writeFileAtomic(
      join(opts.out, 'manifest.json'),
      resultsJson({ command: 'run', completed, planned: seeds, ...(interrupted ? { interrupted: true } : {}) }),
    );
  const stop = interruptible(context);
  try {
    manifest(false);
    for (const seed of seeds) {
      const out = await simulateAsync({ ...base, seed }, { onDay, signal: stop.signal });
      const results = summarize(out);
      writeRunOutputs(multi ? join(opts.out, `seed-${seed}`) : opts.out, results);
      summaries.push(brief(results));
      if (out.partial) break;
      if (opts.compare) {
        const none = await simulateAsync({ ...base, seed, appEnabled: false }, { onDay, signal: stop.signal });
        if (none.partial) break;
        comparisons.push({
          seed,
          withApp: results.totals.infections,
          withoutApp: none.totals.infections,
          averted: none.totals.infections - results.totals.infections,
        });
      }
      completed.push(seed);
      manifest(false);
    }
  } finally {
    stop.dispose();
  }
  bar.done();
  // Interrupted = Ctrl-C left something undone (a signal after the last day changes nothing).
  const interrupted = stop.signal.aborted && completed.length < seeds.length;
  if (interrupted) {
    manifest(true);
    context.setExitCode(EXIT_INTERRUPTED);
  }
  const doc: Record<string, unknown> = { out: opts.out, ...(interrupted ? { partial: true } : {}), runs: summaries };
  if (opts.compare) {
    doc.comparison = {
      seeds: comparisons,
      averted: meanInterval(comparisons.map((c) => c.averted)),
      avertedShare: meanInterval(comparisons.map((c) => (c.withoutApp ? c.averted / c.withoutApp : 0))),
    };
  }
  if (multi) {
    writeFileAtomic(join(opts.out, 'scenario.json'), resultsJson(doc));
    rebuildReport(opts.out);
  }
  emit(context.io, opts.json, doc, () =>
    [
      ...summaries.map(
        (s) =>
          `seed ${s.seed}${s.partial ? ` (partial: ${s.daysCompleted} days)` : ''}: ${s.infections} infections, ${s.uploads} uploads, ${s.notifications} notifications (${s.notificationsPerIndexCase} per index case), ${s.venueWarnings} venue warnings, AUC ${JSON.stringify(s.auc)}`,
      ),
      ...(opts.compare ? [`infections averted: ${JSON.stringify((doc.comparison as { averted: unknown }).averted)}`] : []),
      `results in ${opts.out}${interrupted ? ' (interrupted: partial results)' : ''}`,
    ].join('\n'),
  );
}

async function sweep(opts: SweepOptions, context: CliContext): Promise<void> {
  const base = await baseConfig(opts);
  const envs = opts.env?.split(',').map((e) => e.trim());
  for (const e of envs ?? []) {
    if (!(ENVIRONMENTS as readonly string[]).includes(e))
      throw new CliError('usage', `--env values must be among ${ENVIRONMENTS.join(', ')}, got ${e}`);
  }
  const t0 = numberList(opts.t0, '--t0');
  const t1 = numberList(opts.t1, '--t1');
  if ((t0 === undefined) !== (t1 === undefined)) throw new CliError('usage', '--t0 and --t1 go together');
  const units = planSweep(base, {
    t0,
    t1,
    adoption: numberList(opts.adoption, '--adoption'),
    environments: envs as (EnvironmentName | 'mixed')[] | undefined,
    seeds: numberList(opts.seeds, '--seeds'),
  });
  const bar = progress(context.io, 'sweeping', units.length * base.days);
  let daysDone = 0;
  const onDay = () => bar.update(++daysDone);
  mkdirSync(opts.out, { recursive: true });
  const rows: unknown[][] = [];
  let header: string[] = [];
  const done: string[] = [];
  let last: SimResults | undefined;
  const manifest = (interrupted: boolean) =>
    writeFileAtomic(
      join(opts.out, 'manifest.json'),
      resultsJson({ command: 'sweep', completed: done, planned: units.map((u) => u.name), ...(interrupted ? { interrupted: true } : {}) }),
    );
  const stop = interruptible(context);
  try {
    manifest(false);
    for (const unit of units) {
      const out = await simulateAsync(unit.config, { onDay, signal: stop.signal });
      const results = summarize(out);
      // A partial unit is written (marked partial) but kept out of sweep.csv, which holds completed units only.
      writeRunOutputs(join(opts.out, 'units', unit.name), results);
      if (out.partial) break;
      const t = scoringTable(results, unit.params);
      header = t.header;
      rows.push(...t.rows);
      done.push(unit.name);
      last = results;
      writeFileAtomic(join(opts.out, 'sweep.csv'), toCsv(header, rows));
      manifest(false);
    }
  } finally {
    stop.dispose();
  }
  bar.done();
  const interrupted = stop.signal.aborted && done.length < units.length;
  if (interrupted) {
    manifest(true);
    context.setExitCode(EXIT_INTERRUPTED);
  }
  if (t0 && t1 && last) {
    const d = base.truthDistancesM[Math.floor(base.truthDistancesM.length / 2)]!;
    const recall = t1.map((b) =>
      t0.map(
        (a) => last!.scoring.find((s) => s.name === `t0=${a},t1=${b}`)?.byDistance.find((x) => x.distanceM === d)?.recall ?? Number.NaN,
      ),
    );
    writeFileAtomic(
      join(opts.out, 'heatmap.svg'),
      heatmapSvg(`Recall (≤ ${d} m, ≥ ${base.truthMinutes} min), last unit`, t0.map(String), t1.map(String), recall, {
        xLabel: 't0 (dB)',
        yLabel: 't1 (dB)',
      }),
    );
  }
  const report = rebuildReport(opts.out);
  const doc = { out: opts.out, ...(interrupted ? { partial: true } : {}), units: done.length, rows: rows.length, report };
  emit(
    context.io,
    opts.json,
    doc,
    () =>
      `${done.length} units, ${rows.length} rows in ${join(opts.out, 'sweep.csv')}; report ${report}${interrupted ? ' (interrupted)' : ''}`,
  );
}

/**
 * Registers `healthtrace sim run|sweep|report`.
 *
 * @param program - the root command.
 * @param context - streams and exit-code setter.
 * @example
 * ```ts
 * registerSimCommands(program, context);
 * ```
 */
export const registerSimCommands: CommandRegistration = (program: Command, context: CliContext): void => {
  const sim = program.command('sim').description('Population-scale exposure-matching simulator with real GAEN crypto in the loop.');
  const common = (c: Command): Command =>
    c
      .option('--agents <n>', 'number of agents', '10000')
      .option('--days <n>', 'simulated days', '14')
      .option('--seed <n>', 'run seed', '1')
      .option('--threads <n>', 'worker threads for BLE scanning (results do not depend on it)', '1')
      .option('--scheme <name>', `rolling-identifier scheme: ${SCHEMES.join(' or ')} (default gaen, or the config file's)`)
      .option('--config <file>', 'JSON file with configuration fields (scoring configs as GAEN v2 DailySummariesConfig)')
      .requiredOption('--out <dir>', 'output directory')
      .option('--json', 'print one JSON document');
  common(sim.command('run').description('Run the simulation; write results.json, CSV, SVG plots and report.html.'))
    .option('--seeds <list>', 'comma-separated seeds (one sub-directory each)')
    .option('--compare', 'also run without the app for each seed and report infections averted')
    .action((opts: RunOptions) => run(opts, context));
  common(sim.command('sweep').description('Sweep thresholds (--t0/--t1), adoption multipliers and environments.'))
    .option('--seeds <list>', 'comma-separated seeds')
    .option('--t0 <list>', 'immediate/near thresholds (dB)')
    .option('--t1 <list>', 'near/medium thresholds (dB)')
    .option('--adoption <list>', 'adoption multipliers')
    .option('--env <list>', `environments among ${ENVIRONMENTS.join(', ')}`)
    .action((opts: SweepOptions) => sweep(opts, context));
  sim
    .command('report <dir>')
    .description('Rebuild report.html from the results in a run or sweep directory.')
    .option('--json', 'print one JSON document')
    .action((dir: string, opts: { json?: boolean }) => {
      const report = rebuildReport(dir);
      emit(context.io, opts.json, { report }, () => `report written to ${report}`);
    });
};
