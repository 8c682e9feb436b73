/**
 * `safeParse` with stable issue codes and localised messages. Never throws: anything that
 * is not a valid declaration (wrong JSON, hostile objects, getters that throw) comes back as issues.
 */
import type * as z from 'zod/mini';
import type { DeclarationIssueCode, DeclarationLocale, MessageParams } from './locales/types';
import { viBase } from './locales/vi';
import { SCHEMA_ISSUE_CODES } from './schemas/common';
import type { DeclarationName } from './schemas/registry';

/** The stable codes custom checks carry as their raw message. */
const CUSTOM_CODES: ReadonlySet<string> = /* @__PURE__ */ (() => new Set<string>(Object.values(SCHEMA_ISSUE_CODES)))();

/** One problem with a declaration. */
export interface DeclarationIssue {
  /** Stable machine-readable code, e.g. `declaration/required`. */
  code: DeclarationIssueCode;
  /** Where the problem is (object keys and array indices); `[]` for the whole declaration. */
  path: (string | number)[];
  /** The localised label of the field at `path`. */
  field: string;
  /** The localised, human-readable message. */
  message: string;
  /** A finer validator code when there is one (e.g. `cccd/birth-year-mismatch`, `phone/too-short`). */
  reason?: string | undefined;
}

/** The result of {@link safeParseDeclaration}. */
export type DeclarationResult<T> = { success: true; data: T; issues: [] } | { success: false; issues: DeclarationIssue[] };

/** Options of {@link safeParseDeclaration}. */
export interface ParseOptions {
  /** Locale for labels and messages (default: Vietnamese). */
  locale?: DeclarationLocale | undefined;
  /** The declaration kind, for form-specific labels (e.g. the 21-day questions of the entry form). */
  form?: DeclarationName | undefined;
}

/**
 * The localised label of the field at `path`: `<form>:<path>`, then `<path>`, then the last segment.
 *
 * @param locale - the locale.
 * @param path - the field path (array indices are ignored).
 * @param form - optional declaration kind.
 * @returns the label (the raw key when the locale has none).
 * @example
 * ```ts
 * fieldLabel(vi, ['address', 'provinceCode']); // "Tỉnh/thành"
 * ```
 */
export function fieldLabel(locale: DeclarationLocale, path: readonly PropertyKey[], form?: DeclarationName): string {
  const keys = path.filter((p): p is string => typeof p === 'string');
  const dotted = keys.join('.');
  const { fields } = locale;
  const own = (key: string): string | undefined => (Object.hasOwn(fields, key) ? fields[key] : undefined);
  return (
    (form === undefined ? undefined : own(`${form}:${dotted}`)) ??
    own(dotted) ??
    (keys.length > 0 ? own(keys[keys.length - 1]!) : undefined) ??
    (dotted || String(path[path.length - 1] ?? ''))
  );
}

type RawIssue = z.core.$ZodIssue & { input?: unknown; origin?: string; minimum?: unknown; maximum?: unknown; keys?: string[] };

function genericCode(issue: RawIssue): DeclarationIssueCode {
  switch (issue.code) {
    case 'invalid_type':
      return 'declaration/invalid-type';
    case 'too_small':
      return issue.origin === 'string'
        ? 'declaration/too-short'
        : issue.origin === 'array'
          ? 'declaration/too-few'
          : 'declaration/too-small';
    case 'too_big':
      return issue.origin === 'string'
        ? 'declaration/too-long'
        : issue.origin === 'array'
          ? 'declaration/too-many'
          : 'declaration/too-large';
    case 'invalid_value':
    case 'invalid_union':
      return 'declaration/invalid-option';
    case 'invalid_format':
      return 'declaration/invalid-format';
    default:
      return 'declaration/invalid';
  }
}

/**
 * Maps one zod issue to `{code, path}` pairs (one per unknown key for `unrecognized_keys`).
 * Custom checks carry their stable code as the raw message (see `schemas/common.ts`).
 */
function toCoded(
  issue: RawIssue,
): { code: DeclarationIssueCode; path: PropertyKey[]; params: Omit<MessageParams, 'field'>; reason?: string | undefined }[] {
  if (issue.code === 'unrecognized_keys') {
    return (issue.keys ?? []).map((key) => ({ code: 'declaration/unknown-field', path: [...issue.path, key], params: { key } }));
  }
  let { path } = issue;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string') {
    path = [...path, issue.discriminator];
  }
  const custom = issue.message;
  // A missing key shows up as invalid_type (or invalid_value for enums) with no input.
  const missing = issue.code !== 'custom' && 'input' in issue && issue.input === undefined;
  const code = missing
    ? 'declaration/required'
    : issue.code !== 'invalid_type' && CUSTOM_CODES.has(custom)
      ? (custom as DeclarationIssueCode)
      : genericCode(issue);
  const bound = (value: unknown): number | undefined =>
    typeof value === 'number' || typeof value === 'bigint' ? Number(value) : undefined;
  const reason = issue.code === 'custom' && typeof issue.params?.reason === 'string' ? issue.params.reason : undefined;
  return [{ code, path, params: { min: bound(issue.minimum), max: bound(issue.maximum) }, reason }];
}

/**
 * Validates `input` against a declaration schema and returns either the normalised data or
 * localised issues with stable codes. Never throws.
 *
 * @param schema - a declaration schema, e.g. `domesticDeclarationSchema`.
 * @param input - anything (typically parsed JSON).
 * @param options - locale (default Vietnamese) and declaration kind.
 * @returns `{ success: true, data }` or `{ success: false, issues }`.
 * @example
 * ```ts
 * const result = safeParseDeclaration(dailyDeclarationSchema, { date: '2021-05-20', states: [] }, { form: 'daily' });
 * if (!result.success) console.log(result.issues[0].message); // "Mục “Tình trạng sức khỏe hôm nay” cần ít nhất 1 lựa chọn."
 * ```
 */
export function safeParseDeclaration<T>(
  schema: z.ZodMiniType<T, unknown>,
  input: unknown,
  options: ParseOptions = {},
): DeclarationResult<T> {
  const locale = options.locale ?? viBase;
  const issue = (
    code: DeclarationIssueCode,
    path: PropertyKey[],
    params: Omit<MessageParams, 'field'>,
    reason?: string,
  ): DeclarationIssue => {
    const field = fieldLabel(locale, path, options.form);
    const cleanPath = path.map((p) => (typeof p === 'number' ? p : String(p)));
    const render = locale.messages[code] ?? locale.messages['declaration/invalid'];
    const out: DeclarationIssue = { code, path: cleanPath, field, message: render({ ...params, field }) };
    if (reason !== undefined) out.reason = reason;
    return out;
  };
  let parsed: ReturnType<z.ZodMiniType<T, unknown>['safeParse']>;
  try {
    parsed = schema.safeParse(input, { reportInput: true });
  } catch {
    return { success: false, issues: [issue('declaration/unreadable-input', [], {})] };
  }
  if (parsed.success) return { success: true, data: parsed.data, issues: [] };
  const issues: DeclarationIssue[] = [];
  const seen = new Set<string>();
  for (const raw of parsed.error.issues as RawIssue[]) {
    for (const { code, path, params, reason } of toCoded(raw)) {
      // A field validator and the pattern after it can both flag one value: report it once.
      const key = `${code} ${JSON.stringify(path.map(String))}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue(code, path, params, reason));
    }
  }
  return { success: false, issues };
}
