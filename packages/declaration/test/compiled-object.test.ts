import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { strictObject as selected } from '../src/schemas/common';
import { strictObject as walking } from '../src/schemas/object';
import { strictObject } from '../src/schemas/object-compiled';
import { validateDeclaration } from '../src/validate';
import { domesticExample } from './fixtures';

/** A shape with the kinds of members the declaration schemas use (optional, nested, refined, defaulted). */
const shapeOf = (object: typeof strictObject) =>
  object({
    name: z.string().check(z.minLength(1), z.maxLength(5)),
    age: z.optional(z.number().check(z.int(), z.gte(0))),
    flags: object({ a: z.boolean(), b: z._default(z.boolean(), false) }),
    kind: z.enum(['x', 'y']),
    list: z.optional(z.array(object({ code: z.string().check(z.regex(/^[0-9]{2}$/)) }))),
    note: z.nullable(z.string()),
  });

const compiled = shapeOf(strictObject);
const interpreted = shapeOf(z.strictObject as typeof strictObject);
const browser = shapeOf(walking);

const nearlyValid = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 7 }), fc.integer()),
    age: fc.oneof(fc.nat(), fc.double(), fc.constant(undefined), fc.string()),
    flags: fc.oneof(
      fc.record({ a: fc.oneof(fc.boolean(), fc.string()), b: fc.boolean() }, { requiredKeys: [] }),
      fc.record({ a: fc.boolean(), extra: fc.integer() }),
      fc.constant(null),
    ),
    kind: fc.constantFrom('x', 'y', 'z', 1),
    list: fc.oneof(fc.array(fc.record({ code: fc.string({ maxLength: 3 }) }), { maxLength: 3 }), fc.constant(undefined), fc.object()),
    note: fc.oneof(fc.string(), fc.constant(null), fc.constant(undefined)),
    unknownKey: fc.oneof(fc.constant(undefined), fc.integer()),
  },
  { requiredKeys: [] },
);

describe('strictObject (compiled parser)', () => {
  it('gives what z.strictObject gives — same success, data and issues — on near-valid and arbitrary inputs', () => {
    fc.assert(
      fc.property(fc.oneof(nearlyValid, fc.anything()), (input) => {
        const b = interpreted.safeParse(input);
        for (const a of [compiled.safeParse(input), browser.safeParse(input)]) {
          expect(a.success).toBe(b.success);
          if (a.success && b.success) expect(a.data).toStrictEqual(b.data);
          else expect(a.error?.issues).toStrictEqual(b.error?.issues);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('is a zod/mini object: instanceof, shape, and the compiled parser in use', () => {
    expect(compiled).toBeInstanceOf(z.ZodMiniObject);
    expect(Object.keys(compiled.shape)).toEqual(['name', 'age', 'flags', 'kind', 'list', 'note']);
    expect(compiled._zod.traits.has('$ZodObjectJIT')).toBe(true);
    expect(interpreted._zod.traits.has('$ZodObjectJIT')).toBe(false);
    expect(browser._zod.traits.has('$ZodObjectJIT')).toBe(false);
  });

  it('is the one the schemas use on Node (`#strict-object` resolves to its `node` variant)', () => {
    expect(selected).toBe(strictObject);
  });

  it('carries the declaration schemas: a valid domestic declaration parses, an unknown key is refused', () => {
    expect(validateDeclaration('domestic', domesticExample).success).toBe(true);
    const extra = validateDeclaration('domestic', { ...domesticExample, surprise: 1 });
    expect(extra.success).toBe(false);
  });
});
