/** Validation by declaration name (pulls every schema into a bundle; prefer `safeParseDeclaration` with one schema in browsers). */
import { fastDomestic } from '#domestic-fast-path';
import { type DeclarationResult, type ParseOptions, safeParseDeclaration } from './parse';
import { type DeclarationName, type DeclarationTypes, declarationSchemas, isDeclarationName } from './schemas/registry';

/**
 * Validates `input` as the declaration kind `name`. Never throws on bad input.
 *
 * @param name - the declaration kind.
 * @param input - anything (typically parsed JSON).
 * @param options - the locale (default Vietnamese).
 * @returns the normalised declaration or localised issues.
 * @throws RangeError when `name` is not a declaration kind (a programming error, not bad input).
 * @example
 * ```ts
 * const result = validateDeclaration('daily', { date: '2021-05-20', states: ['healthy'] });
 * result.success; // true
 * ```
 */
export function validateDeclaration<K extends DeclarationName>(
  name: K,
  input: unknown,
  options: Omit<ParseOptions, 'form'> = {},
): DeclarationResult<DeclarationTypes[K]> {
  if (!isDeclarationName(name))
    throw new RangeError(`name must be one of domestic, entry, daily, movement, checkin, employee; got ${String(name)}`);
  if (name === 'domestic') {
    // On Node, the common domestic submission skips zod's parser (`schemas/domestic-fast-path.ts`: same
    // output, property-tested); anything else, and every invalid one, goes through the schema. An input
    // whose getters throw is the schema's to report.
    try {
      const data = fastDomestic(input);
      if (data !== undefined) return { success: true, data: data as DeclarationTypes[K], issues: [] };
    } catch {
      // The schema reports it.
    }
  }
  return safeParseDeclaration(declarationSchemas[name], input, { ...options, form: name });
}
