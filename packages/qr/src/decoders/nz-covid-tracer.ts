/**
 * NZ COVID Tracer venue QR: `NZCOVIDTRACER:` + base64 (padding optional) of a UTF-8 JSON object with five
 * string fields. Source: minhealthnz/nzcovidtracer-app `src/features/scan/helpers.ts`.
 */
import { decodeBase64, decodeUtf8, fail, parseJsonObject, startsWithIgnoreCase } from './common';
import type { DecodeResult } from './types';

/** Format identifier of {@link decodeNzCovidTracer} results. */
export const NZ_COVID_TRACER_FORMAT = 'nz-covid-tracer' as const;
const FORMAT = NZ_COVID_TRACER_FORMAT;
const PREFIX = 'NZCOVIDTRACER:';
const REQUIRED = ['typ', 'gln', 'opn', 'adr', 'ver'] as const;

/**
 * Whether `text` looks like an NZ COVID Tracer code (bare, or inside a `…/scan#data=` / `?data=` link).
 *
 * @param text - scanned text.
 * @returns `true` when the NZ decoder should be tried.
 * @example
 * ```ts
 * isNzCovidTracer('NZCOVIDTRACER:eyJ…'); // true
 * ```
 */
export function isNzCovidTracer(text: string): boolean {
  return startsWithIgnoreCase(text, PREFIX) || (text.includes('data=') && text.toUpperCase().includes(`DATA=${PREFIX}`));
}

/**
 * Decodes an NZ COVID Tracer venue QR. All five fields (`typ`, `gln`, `opn`, `adr`, `ver`) must be strings,
 * as the official app requires. The format has no signature, so `signature` is always `"absent"`.
 *
 * Fields: `{ type, gln, name, address, version }` (`address` keeps its `\n` line breaks).
 *
 * @param text - scanned text: `NZCOVIDTRACER:<base64>` or a `https://tracing.covid19.govt.nz/scan#data=…` link.
 * @returns the decoded result.
 * @throws {@link QrDecodeError} `qr/bad-prefix`, `qr/bad-encoding`, `qr/bad-structure` or `qr/bad-field`.
 * @throws TypeError when `text` is not a string.
 * @example
 * ```ts
 * decodeNzCovidTracer('NZCOVIDTRACER:eyJ0eXAiOiJlbnRyeSIsImdsbiI6IlRlc3QiLCJvcG4iOiJUZXN0IiwiYWRyIjoiVGVzdCIsInZlciI6ImMxOToxIn0=')
 *   .fields.name; // "Test"
 * ```
 */
export function decodeNzCovidTracer(text: string): DecodeResult {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  const warnings: string[] = [];
  let code = text;
  if (!startsWithIgnoreCase(code, PREFIX)) {
    const at = code.toUpperCase().indexOf(`DATA=${PREFIX}`);
    if (at < 0 || !/^https?:\/\//i.test(code)) fail('qr/bad-prefix', 'not an NZ COVID Tracer code', FORMAT);
    code = code.slice(at + 5);
    const end = code.search(/[&#]/);
    if (end >= 0) code = code.slice(0, end);
    try {
      code = decodeURIComponent(code);
    } catch (error) {
      fail('qr/bad-encoding', 'link data is not valid percent-encoding', FORMAT, error);
    }
    warnings.push('from-link');
  }
  const payload = code.slice(PREFIX.length);
  const json = parseJsonObject(decodeUtf8(decodeBase64(payload, 'payload', FORMAT), 'payload', FORMAT), 'payload', FORMAT);
  for (const key of REQUIRED) {
    if (typeof json[key] !== 'string') fail('qr/bad-field', `field "${key}" is missing or not a string`, FORMAT);
  }
  return {
    format: FORMAT,
    fields: {
      type: json.typ,
      gln: json.gln,
      name: json.opn,
      address: json.adr,
      version: json.ver,
    },
    signature: 'absent',
    warnings,
  };
}
