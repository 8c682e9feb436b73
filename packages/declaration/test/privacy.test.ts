import {
  DECLARATION_NAMES,
  declarationJsonSchema,
  maskName,
  PERSONAL_DATA_FIELDS,
  REDACTED,
  redactDeclaration,
  venueStaffView,
} from '@healthtrace/declaration';
import { describe, expect, it } from 'vitest';
import { checkinExample, dailyExample, domesticExample, EXAMPLES, entryExample } from './fixtures';

describe('personal-data fields', () => {
  it.each(DECLARATION_NAMES)('%s: every listed path exists in the schema', (name) => {
    const properties = declarationJsonSchema(name).properties as Record<string, unknown>;
    for (const { path } of PERSONAL_DATA_FIELDS[name])
      expect(Object.keys(properties), path).toContain(path.split('.')[0]!.replace('[]', ''));
  });

  it('lists identifiers, contact details, addresses and health answers of the domestic form', () => {
    const paths = PERSONAL_DATA_FIELDS.domestic.map((f) => f.path);
    for (const p of ['fullName', 'idNumber', 'phone', 'email', 'address', 'travel', 'symptoms', 'underlyingConditions'])
      expect(paths).toContain(p);
    expect(paths).not.toContain('declarationDate');
    expect(PERSONAL_DATA_FIELDS.checkin).toEqual([]);
  });
});

describe('redactDeclaration', () => {
  it('replaces every personal field and leaves the rest, without mutating the input', () => {
    const copy = structuredClone(domesticExample);
    const redacted = redactDeclaration('domestic', domesticExample) as Record<string, unknown>;
    expect(domesticExample).toEqual(copy);
    expect(redacted).toMatchObject({
      declarationDate: '2021-05-20',
      travelled: true,
      fullName: REDACTED,
      idNumber: REDACTED,
      address: REDACTED,
      phone: REDACTED,
    });
    expect(JSON.stringify(redacted)).not.toMatch(/NGUYỄN|024090123456|912345678|thôn/);
  });

  it('can redact one category only', () => {
    const redacted = redactDeclaration('domestic', domesticExample, ['health']) as Record<string, unknown>;
    expect(redacted.symptoms).toBe(REDACTED);
    expect(redacted.fullName).toBe(domesticExample.fullName);
  });

  it.each(DECLARATION_NAMES)('%s: redacted output has no personal value left', (name) => {
    const redacted = redactDeclaration(name, EXAMPLES[name]) as Record<string, unknown>;
    for (const { path } of PERSONAL_DATA_FIELDS[name]) {
      const key = path.split('.')[0]!;
      if (Object.hasOwn(EXAMPLES[name] as object, key)) expect(redacted[key], key).toBe(REDACTED);
    }
  });

  it('accepts any input shape', () => {
    for (const value of [null, 3, 'x', [], { fullName: { nested: true } }])
      expect(() => redactDeclaration('domestic', value)).not.toThrow();
  });
});

describe('venue staff view', () => {
  it('keeps initials and a yes/no flag only', () => {
    expect(maskName('NGUYỄN VĂN AN')).toBe('N***** V** A*');
    expect(maskName('  Trần   Thị B ')).toBe('T*** T** B');
    const view = venueStaffView('domestic', domesticExample);
    expect(view).toEqual({ kind: 'domestic', date: '2021-05-20', maskedName: 'N***** V** A*', needsAttention: true });
    const quiet = venueStaffView('domestic', { ...domesticExample, travelled: false, travel: undefined });
    expect(quiet.needsAttention).toBe(false);
    expect(venueStaffView('entry', { ...entryExample, symptoms: { ...entryExample.symptoms, fever: true } }).needsAttention).toBe(true);
    expect(venueStaffView('daily', dailyExample)).toEqual({ kind: 'daily', date: '2021-05-20', needsAttention: false });
    expect(venueStaffView('checkin', checkinExample)).toEqual({ kind: 'checkin', date: checkinExample.scannedAt, needsAttention: false });
  });
});
