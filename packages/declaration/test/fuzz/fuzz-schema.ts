/**
 * The fuzz suite shared by the per-schema fuzz files (one file per schema keeps each test file
 * short): 10,000 inputs per schema, mixing valid declarations with one random change and arbitrary
 * values. `safeParseDeclaration` must never throw and must return canonical data or coded issues.
 */
import { type DeclarationName, declarationSchemas, validateDeclaration } from '@healthtrace/declaration';
import { en } from '@healthtrace/declaration/locales/en';
import { vi } from '@healthtrace/declaration/locales/vi';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ARBITRARIES } from '../fixtures';

const KNOWN_CODES = new Set(Object.keys(vi.messages));

/**
 * Registers the fuzz test of one schema.
 *
 * @param name - the declaration kind.
 */
export function fuzzSchema(name: DeclarationName): void {
  const schema = declarationSchemas[name] as { safeParse(value: unknown): { success: boolean; data?: unknown } };
  const mutated = fc
    .tuple(ARBITRARIES[name], fc.string({ maxLength: 12 }), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)))
    .map(([value, key, replacement]) => {
      const copy = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      const target = keys.length > 0 && key.length % 2 === 0 ? keys[key.length % keys.length]! : key;
      copy[target] = replacement;
      return copy;
    });
  const input = fc.oneof(mutated, fc.anything({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }));

  describe(`${name}: fuzzing`, () => {
    it('10,000 inputs: never throws; returns canonical data or coded, localised issues', () => {
      fc.assert(
        fc.property(input, (value) => {
          const result = validateDeclaration(name, value, { locale: en });
          if (result.success) {
            // The output is canonical: parsing it again changes nothing.
            const again = schema.safeParse(result.data);
            return again.success && JSON.stringify(again.data) === JSON.stringify(result.data);
          }
          return (
            result.issues.length > 0 &&
            result.issues.every(
              (issue) =>
                KNOWN_CODES.has(issue.code) &&
                issue.message.length > 0 &&
                issue.path.every((p) => typeof p === 'string' || typeof p === 'number'),
            )
          );
        }),
        { numRuns: 10_000 },
      );
    });
  });
}
