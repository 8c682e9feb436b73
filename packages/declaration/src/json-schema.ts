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
 * (output) form: trimmed NFC strings, upper-case country codes, E.164 phones. The cross-field rules
 * JSON Schema can state are added (`if`/`then`, `uniqueItems`: the travel list exactly when
 * `travelled`, the code matching each place's kind, `otherTravelMode` with `other`, quarantine
 * details with `other`, `healthy` alone); the others (entry not before departure, CCCD digits
 * against birth year and sex, date of birth against birth year) are enforced by the zod schema only.
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
  CROSS_FIELD_RULES[name]?.(generated as SchemaNode);
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

type SchemaNode = Record<string, unknown> & { properties: Record<string, SchemaNode>; items: SchemaNode; allOf?: unknown[] };

const ifThen = (condition: object, then: object): object => ({ if: condition, then });
const present = (key: string): object => ({ required: [key] });
const absent = (key: string): object => ({ not: { required: [key] } });

/** The cross-field rules of each kind that JSON Schema can express (the zod schemas enforce them all). */
const CROSS_FIELD_RULES: Partial<Record<DeclarationName, (schema: SchemaNode) => void>> = {
  domestic: (schema) => {
    schema.allOf = [
      ifThen({ properties: { travelled: { const: true } } }, present('travel')),
      ifThen({ properties: { travelled: { const: false } } }, absent('travel')),
    ];
    const travel = schema.properties.travel!;
    Object.assign(travel, { minItems: 1, uniqueItems: true });
    travel.items.allOf = [
      ifThen({ properties: { kind: { const: 'province' } } }, { ...present('provinceCode'), ...absent('countryCode') }),
      ifThen({ properties: { kind: { const: 'country' } } }, { ...present('countryCode'), ...absent('provinceCode') }),
    ];
  },
  entry: (schema) => {
    schema.allOf = [
      ifThen({ properties: { travelModes: { type: 'array', contains: { const: 'other' } } } }, present('otherTravelMode')),
      ifThen({ properties: { travelModes: { not: { type: 'array', contains: { const: 'other' } } } } }, absent('otherTravelMode')),
    ];
    schema.properties.travelModes!.uniqueItems = true;
    schema.properties.countriesVisited!.uniqueItems = true;
    schema.properties.quarantine!.allOf = [ifThen({ properties: { choice: { const: 'other' } } }, present('details'))];
  },
  daily: (schema) => {
    const states = schema.properties.states!;
    states.uniqueItems = true;
    states.allOf = [ifThen({ type: 'array', contains: { const: 'healthy' } }, { type: 'array', maxItems: 1 })];
  },
};
