/**
 * `healthtrace declaration validate|schema` and `healthtrace risk-assessment score`: health
 * declarations and the workplace risk assessment of Decision 2194/QĐ-BCĐQG (`@healthtrace/declaration`).
 */
import { readFile } from 'node:fs/promises';
import {
  assessWorkplaceRisk,
  type CriteriaSet,
  checkAdministrativeUnits,
  DECISION_2194_CRITERIA,
  DECLARATION_NAMES,
  type DeclarationName,
  declarationJsonSchema,
  isDeclarationName,
  parseCriteriaSet,
  type RiskAnswer,
  schemaId,
  validateDeclaration,
} from '@healthtrace/declaration';
import { en } from '@healthtrace/declaration/locales/en';
import { vi } from '@healthtrace/declaration/locales/vi';
import type { Command } from 'commander';
import { type CliContext, CliError, emit } from '../cli-kit';
import type { CommandRegistration } from './index';

/** Exit code of `declaration validate` when the declaration is invalid. */
const EXIT_INVALID = 1;

/** Reads and parses a JSON file; a missing file or bad JSON is bad input (exit 2). */
async function readJson(file: string, what: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError('declaration/bad-json', `${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function schemaName(value: string | undefined): DeclarationName {
  const name = value ?? 'domestic';
  if (!isDeclarationName(name))
    throw new CliError('usage', `--schema must be one of ${DECLARATION_NAMES.join(', ')}; got ${JSON.stringify(name)}`);
  return name;
}

function localeOf(lang: string | undefined): typeof vi {
  if (lang === undefined || lang === 'vi') return vi;
  if (lang === 'en') return en;
  throw new CliError('usage', `--lang must be vi or en, got ${JSON.stringify(lang)}`);
}

/**
 * Registers `healthtrace declaration` (validate, schema) and `healthtrace risk-assessment` (score).
 *
 * @param program - the root command.
 * @param context - output streams and exit-code setter.
 * @example
 * ```ts
 * registerDeclarationCommands(program, context);
 * ```
 */
export const registerDeclarationCommands: CommandRegistration = (program: Command, context: CliContext): void => {
  const { io } = context;
  const group = program.command('declaration').description('Health declarations: validate a declaration, print a JSON Schema');

  group
    .command('validate')
    .description('Validate a declaration (JSON file) and list its problems with stable codes and localised messages')
    .argument('<file>', 'the declaration, as JSON')
    .option('--schema <name>', `declaration kind: ${DECLARATION_NAMES.join(', ')} (default domestic)`)
    .option('--lang <lang>', 'language of the messages: vi (default) or en')
    .option('--check-units', 'also check that the province/district/ward codes exist on the declaration date (@healthtrace/vn-admin)')
    .option('--json', 'print {"valid","schema","schemaId","data"?,"issues":[{"code","path","field","message","reason"?}]}')
    .addHelpText('after', '\nExit status: 0 valid, 1 invalid (issues listed), 2 unreadable file or bad usage.')
    .action(async (file: string, opts: { schema?: string; lang?: string; checkUnits?: boolean; json?: boolean }) => {
      const name = schemaName(opts.schema);
      const locale = localeOf(opts.lang);
      const input = await readJson(file, 'declaration');
      const parsed = validateDeclaration(name, input, { locale });
      const unitIssues = parsed.success && opts.checkUnits ? await checkAdministrativeUnits(name, parsed.data, { locale }) : [];
      const result = unitIssues.length > 0 ? { success: false as const, issues: unitIssues } : parsed;
      if (!result.success) context.setExitCode(EXIT_INVALID);
      const output = result.success
        ? { valid: true, schema: name, schemaId: schemaId(name), data: result.data, issues: [] }
        : { valid: false, schema: name, schemaId: schemaId(name), issues: result.issues };
      emit(io, opts.json, output, () =>
        result.success
          ? `valid ${name} declaration`
          : [
              `invalid ${name} declaration: ${result.issues.length} issue(s)`,
              ...result.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message} [${i.code}${i.reason ? ` ${i.reason}` : ''}]`),
            ].join('\n'),
      );
    });

  group
    .command('schema')
    .description('Print the JSON Schema (draft 2020-12) of a declaration kind')
    .argument('<name>', DECLARATION_NAMES.join(' | '))
    .action((name: string) => {
      io.stdout.write(`${JSON.stringify(declarationJsonSchema(schemaName(name)), null, 2)}\n`);
    });

  program
    .command('risk-assessment')
    .description('Workplace COVID-19 infection-risk assessment (Decision 2194/QĐ-BCĐQG)')
    .command('score')
    .description('Score a workplace: index = points / 300 × 100 and its band; incomplete while criteria are missing')
    .argument('<answers>', 'JSON file: {"cs1": "50-199" | 120, "cs2": "under-1m2", …} or {"answers": {…}}')
    .option('--criteria <file>', 'a criteria-set JSON file (a province variant) instead of the Decision 2194 criteria')
    .option('--lang <lang>', 'language of the labels: vi (default) or en')
    .option('--json', 'print {"criteriaSet","complete","points","maxTotal","index","band","indexRange","scored","missing"}')
    .addHelpText('after', '\nExit status: 0 when scored (complete or not), 2 for unknown criteria/options or unreadable files.')
    .action(async (file: string, opts: { criteria?: string; lang?: string; json?: boolean }) => {
      const lang = localeOf(opts.lang).lang as 'vi' | 'en';
      const set: CriteriaSet =
        opts.criteria === undefined ? DECISION_2194_CRITERIA : parseCriteriaSet(await readJson(opts.criteria, 'criteria set'));
      const raw = await readJson(file, 'answers');
      const answers = (raw !== null && typeof raw === 'object' && 'answers' in raw ? (raw as { answers: unknown }).answers : raw) as Record<
        string,
        RiskAnswer
      >;
      const result = assessWorkplaceRisk(answers, set);
      emit(io, opts.json, result, () => {
        const lines = [`${set.title[lang]}`, `points: ${result.points} / ${result.maxTotal}`];
        if (result.complete) lines.push(`index: ${result.index} — ${result.band?.label[lang]} (${result.band?.id})`);
        else {
          const missing = result.missing.map((m) => `${m.criterion} (${m.reason})`).join(', ');
          lines.push(`incomplete: the index would be between ${result.indexRange[0]} and ${result.indexRange[1]}`, `missing: ${missing}`);
        }
        return lines.join('\n');
      });
    });
};
