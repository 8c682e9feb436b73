/**
 * `validatePhoneNumber` reads the common digit-only inputs with precompiled patterns (its fast path) and everything
 * else with libphonenumber-js. These tests hold the fast path to the library: for every input, the result equals what
 * the library itself says (valid or not; E.164, national form, country and type).
 */
import fc from 'fast-check';
import { type CountryCode, type MetadataJson, parsePhoneNumberWithError } from 'libphonenumber-js/core';
import maxMetadata from 'libphonenumber-js/max/metadata';
import { describe, expect, it } from 'vitest';
import { PHONE_METADATA_VN } from '../src/validators/generated/phone-metadata-vn';
import { validatePhoneNumber } from '../src/validators/phone';

/** What libphonenumber-js alone says of `input`: the valid number's parts, or `null`. */
function library(input: string, region: string, metadata: MetadataJson) {
  try {
    const phone = parsePhoneNumberWithError(input, { defaultCountry: region as CountryCode, extract: false }, metadata);
    if (!phone.isValid()) return null;
    return {
      e164: phone.number as string,
      national: phone.formatNational(),
      country: phone.country ?? null,
      type: phone.getType() ?? null,
    };
  } catch {
    return null;
  }
}

function ours(input: string, region: string, metadata: MetadataJson) {
  const r = validatePhoneNumber(input, { region, metadata });
  return r.ok ? { e164: r.value.e164, national: r.value.national, country: r.value.country, type: r.value.type } : null;
}

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

describe('validatePhoneNumber agrees with libphonenumber-js', () => {
  it('on every 4-digit start of a Vietnamese number, national and international, 7 to 10 digits', () => {
    const tail = fc.sample(digits(6, 6), { numRuns: 1, seed: 42 })[0] as string;
    let checked = 0;
    for (let start = 0; start < 10_000; start++) {
      const head = String(start).padStart(4, '0');
      for (let length = 7; length <= 10; length++) {
        const national = (head + tail).slice(0, length);
        for (const input of [`0${national}`, `+84${national}`]) {
          expect(ours(input, 'VN', PHONE_METADATA_VN), input).toEqual(library(input, 'VN', PHONE_METADATA_VN));
          checked++;
        }
      }
    }
    expect(checked).toBe(80_000);
  });

  it('on random digit strings after +84, 84, 0, 00 or nothing (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.constantFrom('+84', '84', '0', '00', '', '+840', '+8', '+'), digits(0, 13), (prefix, rest) => {
        const input = prefix + rest;
        expect(ours(input, 'VN', PHONE_METADATA_VN)).toEqual(library(input, 'VN', PHONE_METADATA_VN));
      }),
      { numRuns: 10_000 },
    );
  });

  it('with the full metadata, in regions with and without a fast plan (DE, FR, GB, VN; US shares +1)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('DE', 'FR', 'GB', 'VN', 'US'),
        fc.constantFrom('+49', '+33', '+44', '+84', '+1', '0', ''),
        digits(4, 12),
        (region, prefix, rest) => {
          const input = prefix + rest;
          expect(ours(input, region, maxMetadata)).toEqual(library(input, region, maxMetadata));
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('answers (never throws) for metadata or regions of the wrong kind', () => {
    for (const metadata of ['x', 1, [], {}] as unknown as MetadataJson[]) {
      expect(() => validatePhoneNumber('+84912345678', { metadata })).not.toThrow();
      expect(validatePhoneNumber('0912345678', { metadata }).ok).toBe(false);
    }
    for (const region of [5, {}, 'ZZ'] as unknown as string[]) expect(() => validatePhoneNumber('0912345678', { region })).not.toThrow();
  });

  it('still refuses non-mobile numbers with mobileOnly on the fast path', () => {
    expect(validatePhoneNumber('02438253636', { mobileOnly: true })).toMatchObject({ ok: false, code: 'phone/not-mobile' });
    expect(validatePhoneNumber('0912345678', { mobileOnly: true })).toMatchObject({
      ok: true,
      value: { e164: '+84912345678', type: 'MOBILE' },
    });
  });
});
