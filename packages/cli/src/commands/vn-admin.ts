/**
 * `healthtrace vn-admin find|lookup|convert`: Vietnamese administrative units before and after the
 * 1 July 2025 merger (`@healthtrace/vn-admin`).
 */
import { type AdminScheme, convertAddress, findUnits, lookupUnit, resolveScheme, vietnamDate } from '@healthtrace/vn-admin';
import type { Command } from 'commander';
import { type CliContext, CliError, emit } from '../cli-kit';
import type { CommandRegistration } from './index';

/** Exit code of `find` and `lookup` when nothing matches (like grep). */
const EXIT_NO_MATCH = 1;

interface SchemeOptions {
  date?: string;
  scheme?: string;
  json?: boolean;
}

/** Reads --date / --scheme into the scheme and the date shown in the output. */
function schemeOf(opts: SchemeOptions): { scheme: AdminScheme; date: string | null } {
  if (opts.scheme !== undefined && opts.scheme !== 'pre2025' && opts.scheme !== '2025') {
    throw new CliError('usage', `--scheme must be pre2025 or 2025, got ${JSON.stringify(opts.scheme)}`);
  }
  if (opts.scheme !== undefined && opts.date !== undefined) throw new CliError('usage', 'give --date or --scheme, not both');
  try {
    const date = opts.scheme === undefined ? vietnamDate(opts.date ?? new Date()) : null;
    return { scheme: resolveScheme(opts.scheme !== undefined ? { scheme: opts.scheme as AdminScheme } : { date: date! }), date };
  } catch (error) {
    throw new CliError('usage', `--date: ${(error as Error).message}`);
  }
}

/**
 * Registers `healthtrace vn-admin` and its subcommands.
 *
 * @param program - the root command.
 * @param context - output streams and exit-code setter.
 * @example
 * ```ts
 * registerVnAdminCommands(program, context);
 * ```
 */
export const registerVnAdminCommands: CommandRegistration = (program: Command, context: CliContext): void => {
  const { io } = context;
  const group = program
    .command('vn-admin')
    .description('Vietnamese provinces, districts and communes before and after the 2025-07-01 merger (63 → 34 provinces)');

  group
    .command('find')
    .description('Search units by name (diacritics-insensitive; "ward, district, province" narrows by parents) or code')
    .argument('<text>', 'name or code, e.g. "bac giang" or "phuc xa, ba dinh, ha noi"')
    .option('--date <iso>', 'search the units in force on this date (default today); before 2025-07-01 the 63-province scheme')
    .option('--scheme <scheme>', 'search one scheme directly: pre2025 or 2025')
    .option('--limit <n>', 'maximum number of results (default 20)')
    .option('--json', 'print {"query","date","scheme","matches":[{"level","code","name","type","path","score",...}]}')
    .addHelpText('after', '\nExit status: 0 when something matched, 1 when nothing did.')
    .action(async (text: string, opts: SchemeOptions & { limit?: string }) => {
      const { scheme, date } = schemeOf(opts);
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new CliError('usage', '--limit must be a positive integer');
      const matches = await findUnits(text, { scheme, limit });
      if (matches.length === 0) context.setExitCode(EXIT_NO_MATCH);
      emit(io, opts.json, { query: text, date, scheme, matches: matches.map((m) => ({ ...m.unit, path: m.path, score: m.score })) }, () =>
        matches.length === 0
          ? `no ${scheme} unit matches ${JSON.stringify(text)}`
          : matches.map((m) => `${m.unit.code.padEnd(5)}  ${m.unit.level.padEnd(8)}  ${m.path}`).join('\n'),
      );
    });

  group
    .command('lookup')
    .description('Show the unit with a code (2 digits province, 3 district, 5 commune) in the scheme of a date')
    .argument('<code>', 'the code')
    .option('--date <iso>', 'codes are read in the scheme in force on this date (default today)')
    .option('--scheme <scheme>', 'read the code in one scheme directly: pre2025 or 2025')
    .option('--json', 'print {"code","date","scheme","unit":{...}|null}')
    .addHelpText('after', '\nExit status: 0 when the code exists, 1 when it does not.')
    .action(async (code: string, opts: SchemeOptions) => {
      const { scheme, date } = schemeOf(opts);
      const unit = (await lookupUnit(code, { scheme })) ?? null;
      if (!unit) context.setExitCode(EXIT_NO_MATCH);
      emit(io, opts.json, { code, date, scheme, unit }, () =>
        unit ? `${unit.code}  ${unit.level}  ${unit.name}` : `no ${scheme} unit has code ${code}`,
      );
    });

  group
    .command('convert')
    .description('Convert a pre-2025 address (province, optional district and commune codes) to the 2025 units')
    .requiredOption('--province <code>', 'pre-2025 province code, e.g. 24 (Bắc Giang)')
    .option('--district <code>', 'pre-2025 district code')
    .option('--ward <code>', 'pre-2025 commune code')
    .option(
      '--json',
      'print {"ok":true,"province":{...},"wards":[{"ward","mergeType","resolution"}],"exact"} or {"ok":false,"issues":[...]}',
    )
    .addHelpText('after', '\nA split commune or a district has several candidates ("exact": false). Invalid old codes exit 2.')
    .action(async (opts: { province: string; district?: string; ward?: string; json?: boolean }) => {
      const r = await convertAddress({ provinceCode: opts.province, districtCode: opts.district, wardCode: opts.ward });
      if (!r.ok) {
        const first = r.issues[0]!;
        throw new CliError(first.code, r.issues.map((i) => i.message).join('; '));
      }
      const { province, wards, exact } = r.value;
      emit(io, opts.json, { ok: true, province, wards, exact }, () =>
        [
          `${province.code}  ${province.name}${exact ? '' : '  (several candidates)'}`,
          ...wards.map((w) => `  ${w.ward.code}  ${w.ward.name}  ${w.mergeType}  ${w.resolution}`),
        ].join('\n'),
      );
    });
};
