import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  criteriaSetJsonSchema,
  DECISION_2194_CRITERIA,
  DECLARATION_NAMES,
  declarationJsonSchema,
  declarationSchemas,
  schemaId,
} from '@healthtrace/declaration';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARBITRARIES, dailyExample, domesticExample, EXAMPLES, entryExample } from './fixtures';

const committed = (file: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../schemas/${file}`, import.meta.url)), 'utf8'));

function ajvFor(schema: object) {
  // Strict mode, except the lint that wants every `required` key defined next to it: the cross-field
  // rules (`if`/`then`) require keys that are defined by the enclosing object, the usual idiom.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('committed JSON Schemas', () => {
  it.each(DECLARATION_NAMES)(
    'schemas/%s.json matches what the generator writes (run `pnpm --filter @healthtrace/declaration generate`)',
    (name) => {
      expect(committed(`${name}.json`)).toEqual(declarationJsonSchema(name));
    },
  );

  it('schemas/risk-criteria-set.json matches too', () => {
    expect(committed('risk-criteria-set.json')).toEqual(criteriaSetJsonSchema());
  });

  it.each(DECLARATION_NAMES)('%s has its stable $id, the 2020-12 dialect and rejects unknown keys', (name) => {
    const schema = declarationJsonSchema(name);
    expect(schema.$id).toBe(`https://healthtrace.dev/schemas/declaration/${name}/v1.json`);
    expect(schema.$id).toBe(schemaId(name));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
  });

  it('rejects names that are not declaration kinds', () => {
    expect(() => declarationJsonSchema('nope' as never)).toThrow(RangeError);
  });

  it('validates the shipped Decision 2194 criteria set', () => {
    expect(ajvFor(criteriaSetJsonSchema())(DECISION_2194_CRITERIA)).toBe(true);
  });
});

describe.each(DECLARATION_NAMES)('%s: zod and JSON Schema (ajv 2020-12) agree', (name) => {
  const schema = declarationSchemas[name];
  const validate = ajvFor(declarationJsonSchema(name));

  it('on the hand-written example', () => {
    expect(validate(EXAMPLES[name]), JSON.stringify(validate.errors)).toBe(true);
    expect(schema.safeParse(EXAMPLES[name])).toEqual({ success: true, data: EXAMPLES[name] });
  });

  it('on every generated valid declaration: both accept, and zod returns it unchanged (canonical form)', () => {
    fc.assert(
      fc.property(ARBITRARIES[name], (value) => {
        const zod = schema.safeParse(value);
        expect(zod.success ? zod.data : zod.error.issues).toEqual(value);
        expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('on structural mutations: an unknown key, a missing required key or a wrong type makes both reject', () => {
    const required = (declarationJsonSchema(name).required ?? []) as string[];
    const mutation = fc.oneof(
      fc.constant({ kind: 'extra' as const, key: '' }),
      fc.constantFrom(...required).map((key) => ({ kind: 'drop' as const, key })),
      fc.constantFrom(...required).map((key) => ({ kind: 'retype' as const, key })),
    );
    fc.assert(
      fc.property(ARBITRARIES[name], mutation, (value, m) => {
        const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        if (m.kind === 'extra') copy.unexpectedKey = 1;
        else if (m.kind === 'drop') delete copy[m.key];
        else copy[m.key] = typeof copy[m.key] === 'number' ? 'x' : 12345;
        expect(schema.safeParse(copy).success).toBe(false);
        expect(validate(copy)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cross-field rules stated in the JSON Schemas agree with zod', () => {
  const { travel: _travel, ...noTravel } = domesticExample;
  it.each([
    ['domestic', { ...noTravel, travelled: true }],
    ['domestic', { ...domesticExample, travel: [] }],
    ['domestic', { ...domesticExample, travelled: false }],
    ['domestic', { ...domesticExample, travel: [{ kind: 'province', countryCode: 'JP' }] }],
    ['domestic', { ...domesticExample, travel: [{ kind: 'country', countryCode: 'JP', provinceCode: '01' }] }],
    ['domestic', { ...domesticExample, travel: [domesticExample.travel![0], domesticExample.travel![0]] }],
    ['entry', { ...entryExample, travelModes: ['plane', 'other'] }],
    ['entry', { ...entryExample, otherTravelMode: 'Tàu hỏa' }],
    ['entry', { ...entryExample, travelModes: ['plane', 'plane'] }],
    ['entry', { ...entryExample, countriesVisited: ['GB', 'GB'] }],
    ['entry', { ...entryExample, quarantine: { choice: 'other' } }],
    ['daily', { ...dailyExample, states: ['healthy', 'cough'] }],
    ['daily', { ...dailyExample, states: ['cough', 'cough'] }],
  ] as const)('%s: both reject %j', (name, value) => {
    expect(declarationSchemas[name].safeParse(value).success).toBe(false);
    expect(ajvFor(declarationJsonSchema(name))(value)).toBe(false);
  });

  it('both accept the valid variants', () => {
    expect(ajvFor(declarationJsonSchema('domestic'))({ ...noTravel, travelled: false })).toBe(true);
    expect(ajvFor(declarationJsonSchema('entry'))({ ...entryExample, travelModes: ['other'], otherTravelMode: 'Tàu hỏa' })).toBe(true);
    expect(ajvFor(declarationJsonSchema('entry'))({ ...entryExample, quarantine: { choice: 'other', details: 'Khách sạn' } })).toBe(true);
  });
});
