import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOMESTIC_EXPOSURES, DOMESTIC_SYMPTOMS, domesticDeclarationSchema, UNDERLYING_CONDITIONS } from '../src/schemas/domestic';
import { fastDomestic } from '../src/schemas/domestic-fast-path';
import { validateDeclaration } from '../src/validate';
import { domesticExample } from './fixtures';

/** What the schema (zod) gives: the data, or `undefined` when it refuses. */
const viaSchema = (input: unknown) => {
  const r = domesticDeclarationSchema.safeParse(input);
  return r.success ? r.data : undefined;
};

const group = (keys: readonly string[]) =>
  fc.oneof(
    { weight: 18, arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, fc.boolean()])), { noNullPrototype: true }) },
    fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(fc.boolean(), fc.constant('true'), fc.constant(0))])), { requiredKeys: [] }),
    fc.record({ ...Object.fromEntries(keys.map((k) => [k, fc.boolean()])), extra: fc.boolean() }),
  );

/** Mostly `valid` (so that whole submissions often are), sometimes `invalid`. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 9, arbitrary: valid }, { weight: 1, arbitrary: invalid as fc.Arbitrary<T | U> });

/** Values each field takes: the valid forms the schema normalises, and near misses. */
const fields = {
  declarationDate: mostly(
    fc.constantFrom('2021-05-20', '2024-02-29', '2026-11-27'),
    fc.constantFrom('2023-02-29', '2021-13-01', '2021-5-20', ' 2021-05-20', '2021-05-20T00:00:00Z', ''),
  ),
  fullName: mostly(
    fc.constantFrom('NGUYỄN VĂN AN', 'Nguyễn  Văn   An', ' Trần Thị B ', 'Nguye\u0302\u0303n Văn An', "O'Neil Mary-Jane", 'Lê Đ. Hùng'),
    fc.oneof(fc.constantFrom('', '   ', 'An3', 'x'.repeat(101), 'Ann\u0000'), fc.string({ maxLength: 12 })),
  ),
  // CCCDs (checked against 1990/male below), old CMNDs, passports, and near misses.
  idNumber: mostly(
    fc.constantFrom('001090123456', '001 090 123 456', '024090000123', '123456789', 'b1234567', ' C7654321 ', '001190123456'),
    fc.oneof(fc.constantFrom('001390123456', '12345', 'ABC', '0010901234567'), fc.stringMatching(/^[0-9 ]{9,14}$/)),
  ),
  birthYear: mostly(fc.constantFrom(1990, 1990, 1900, 2100), fc.constantFrom(1899, 2101, 1990.5, Number.NaN, '1990')),
  sex: mostly(fc.constantFrom('male', 'male', 'female', 'other'), fc.constantFrom('Male', '')),
  nationality: mostly(fc.constantFrom('VN', 'vn', ' JP ', 'Vn'), fc.constantFrom('V N', 'VNM', '')),
  address: mostly(
    fc.record(
      {
        provinceCode: fc.constantFrom('01', ' 24'),
        districtCode: fc.constantFrom('001', ' 213 '),
        wardCode: fc.constantFrom('00004', '07420 '),
        street: fc.constantFrom('Số 1, phố Đội Cấn', '  Thôn Đông  ', 'So\u0302\u0301 1', 'Ngõ 5'),
      },
      { requiredKeys: ['provinceCode', 'wardCode', 'street'], noNullPrototype: true },
    ),
    fc.record(
      {
        provinceCode: fc.constantFrom('01', '1', '001'),
        districtCode: fc.constantFrom('01', 1),
        wardCode: fc.constantFrom('00004', '4', 'abcde'),
        street: fc.oneof(fc.constantFrom('', ' ', 'x'.repeat(201)), fc.string({ maxLength: 8 })),
        extra: fc.integer(),
      },
      { requiredKeys: [] },
    ),
  ),
  phone: mostly(
    fc.constantFrom('+84912345678', '0912345678', '0912 345 678', '(+84) 912 345 678', '+1 415 555 2671', '+84 24 3825 7942'),
    fc.constantFrom('091234', 'abc', '', '+84'),
  ),
  travelled: mostly(fc.constant(false), fc.constantFrom(true, 'false', 0)),
  symptoms: group(DOMESTIC_SYMPTOMS),
  exposure: group(DOMESTIC_EXPOSURES),
  underlyingConditions: group(UNDERLYING_CONDITIONS),
};
// Plain objects, as JSON.parse makes (a null-prototype object goes to the schema, tested below).
const submission = fc.record(fields, { noNullPrototype: true });
const withExtras = fc.record(
  {
    ...fields,
    email: fc.constantFrom('a@b.vn', 'bad'),
    dateOfBirth: fc.constantFrom('1990-01-02', '1991-01-02'),
    travel: fc.constant([{ kind: 'province', provinceCode: '24' }]),
    vaccinations: fc.constant([]),
    unknown: fc.integer(),
  },
  { requiredKeys: [] },
);

describe('the domestic fast path (Node)', () => {
  it('gives exactly what the schema gives — same data, same key order — or nothing', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: submission }, withExtras, fc.anything()), (input) => {
        const fast = fastDomestic(input);
        const expected = viaSchema(input);
        if (fast === undefined) return;
        taken++;
        expect(expected).toBeDefined();
        expect(fast).toStrictEqual(expected);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 3000 },
    );
    // The generators reach the fast path often enough for the comparison to mean something.
    expect(taken).toBeGreaterThan(100);
  });

  it('takes the common submission, and leaves optional fields, travel and odd objects to the schema', () => {
    const common = { ...domesticExample, travelled: false } as Record<string, unknown>;
    delete common.travel;
    delete common.email;
    delete common.dateOfBirth;
    delete common.vaccinations;
    delete common.socialInsuranceNumber;
    const fast = fastDomestic(common);
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual(viaSchema(common));
    expect(fastDomestic({ ...common, email: 'an@example.vn' })).toBeUndefined();
    expect(fastDomestic({ ...common, travelled: true, travel: [{ kind: 'country', countryCode: 'JP' }] })).toBeUndefined();
    expect(fastDomestic(Object.assign(Object.create({ inherited: 1 }), common))).toBeUndefined();
    expect(fastDomestic(new Map(Object.entries(common)))).toBeUndefined();
    expect(fastDomestic(Object.assign(Object.create(null), common))).toBeUndefined();
    const hostile = { ...common };
    Object.defineProperty(hostile, 'phone', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    expect(() => fastDomestic(hostile)).toThrow('boom');
    // validateDeclaration reports it as the schema does, without throwing.
    const result = validateDeclaration('domestic', hostile);
    expect(result.success).toBe(false);
  });

  it('is what validateDeclaration answers with for the common submission (same result as through the schema alone)', () => {
    const common = { ...domesticExample, travelled: false } as Record<string, unknown>;
    for (const key of ['travel', 'email', 'dateOfBirth', 'vaccinations', 'socialInsuranceNumber']) delete common[key];
    const result = validateDeclaration('domestic', common);
    expect(result).toStrictEqual({ success: true, data: viaSchema(common), issues: [] });
  });
});
