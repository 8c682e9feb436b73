/**
 * JSON Schema (draft 2020-12) export of the declaration schemas. The committed files in
 * `packages/declaration/schemas/<name>.json` are generated from here by `pnpm generate`
 * and drift-checked by the tests.
 */
import * as z from 'zod/mini';
import { type DeclarationName, declarationSchemas, schemaId } from './schemas/registry';

/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a declaration kind, with its stable `$id`. It describes the normalised
 * (output) form: trimmed NFC strings, upper-case country codes. Cross-field rules (the travel
 * list present exactly when `travelled`, date order…) are enforced by the zod schema only.
 *
 * @param name - the declaration kind.
 * @returns the JSON Schema document.
 * @throws RangeError when `name` is not a declaration kind.
 * @example
 * ```ts
 * const schema = declarationJsonSchema('domestic');
 * schema.$id; // "https://healthtrace.dev/schemas/declaration/domestic/v1.json"
 * ```
 */
export function declarationJsonSchema(name: DeclarationName): JsonSchema {
  const schema = declarationSchemas[name];
  if (schema === undefined || !Object.hasOwn(declarationSchemas, name))
    throw new RangeError(`name must be a declaration kind, got ${String(name)}`);
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'throw' }) as JsonSchema;
  dropNonStandardFormats(generated);
  const { $schema, ...rest } = generated;
  return { $schema, $id: schemaId(name), title: `healthtrace ${name} declaration v1`, ...rest };
}

/**
 * zod writes `format: "base64"` next to the standard `contentEncoding: "base64"` and its pattern;
 * `base64` is not a JSON Schema format, and strict validators (ajv) reject unknown formats.
 */
function dropNonStandardFormats(node: unknown): void {
  if (Array.isArray(node)) node.forEach(dropNonStandardFormats);
  else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.format === 'base64' && record.contentEncoding === 'base64') delete record.format;
    Object.values(record).forEach(dropNonStandardFormats);
  }
}
