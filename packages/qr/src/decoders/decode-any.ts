/**
 * Format detection over every decoder in this package.
 */

import { looksLikeHealthtraceQr } from '../envelope/text-form';
import type { TrustList } from '../trust/trust-list';
import { decodeHealthtraceQr, type HealthtraceDecodeOptions } from '../venue/decode-healthtrace';
import { decodeCwaEvent, isCwaEvent } from './cwa';
import { type DccTrustEntry, decodeEuDcc, isEuDcc } from './eu-dcc';
import { decodeNzCovidTracer, isNzCovidTracer } from './nz-covid-tracer';
import { decodeSmartHealthCard, isSmartHealthCard, type Jwks } from './smart-health-card';
import { type DecodeResult, QrDecodeError } from './types';
import { decodeUkNhsVenue, isUkNhsVenue, type UkNhsKey } from './uk-nhs';
import { decodeCccdQr, decodeVnPersonalQr, isCccdQr, isVnPersonalQr } from './vn-personal';
import { decodeTokhaiyteVenue, isTokhaiyteVenue } from './vn-tokhaiyte';

/** Verification keys for the foreign signed formats. */
export interface ForeignKeys {
  /** UK NHS venue keys (kid → P-256 key). */
  ukNhs?: UkNhsKey | readonly UkNhsKey[];
  /** EU DCC trust list (Document Signer certificates or kid + key). */
  euDcc?: readonly DccTrustEntry[];
  /** SMART Health Card issuer JWKS. */
  shc?: Jwks;
}

/** Options of {@link decodeAny}. */
export interface DecodeAnyOptions {
  /** Verified healthtrace trust list (issuer key ids → keys) for healthtrace venue and personal codes. */
  trust?: TrustList | undefined;
  /** Clock-skew allowance in seconds for healthtrace codes (default 300). */
  clockSkewSeconds?: number | undefined;
  /** Verification keys for UK NHS, EU DCC and SMART Health Card codes. */
  keys?: ForeignKeys;
  /** Validation clock (default: now). */
  now?: Date | undefined;
}

interface Route {
  matches(text: string): boolean;
  decode(text: string, options: DecodeAnyOptions | undefined): DecodeResult;
}

function healthtraceOptions(options: DecodeAnyOptions | undefined): HealthtraceDecodeOptions {
  const out: HealthtraceDecodeOptions = {};
  if (options?.trust !== undefined) out.trust = options.trust;
  if (options?.now !== undefined) out.now = options.now;
  if (options?.clockSkewSeconds !== undefined) out.clockSkewSeconds = options.clockSkewSeconds;
  return out;
}

const ROUTES: readonly Route[] = [
  {
    matches: (t) => (t.charCodeAt(0) | 32) === 104 && looksLikeHealthtraceQr(t),
    decode: (t, o) => decodeHealthtraceQr(t, healthtraceOptions(o)),
  },
  { matches: isEuDcc, decode: (t, o) => decodeEuDcc(t, { trustList: o?.keys?.euDcc, now: o?.now }) },
  { matches: isSmartHealthCard, decode: (t, o) => decodeSmartHealthCard(t, { jwks: o?.keys?.shc, now: o?.now }) },
  { matches: isUkNhsVenue, decode: (t, o) => decodeUkNhsVenue(t, { keys: o?.keys?.ukNhs }) },
  { matches: isNzCovidTracer, decode: (t) => decodeNzCovidTracer(t) },
  { matches: isCwaEvent, decode: (t) => decodeCwaEvent(t) },
  { matches: isTokhaiyteVenue, decode: (t) => decodeTokhaiyteVenue(t) },
  { matches: isCccdQr, decode: (t) => decodeCccdQr(t) },
  { matches: isVnPersonalQr, decode: (t) => decodeVnPersonalQr(t) },
];

/**
 * Detects the format of a scanned QR text and decodes it with the matching decoder: healthtrace's own venue and
 * personal codes (`HT1:…` or `<url>#<digits>`, verified against `trust`), EU DCC, SMART Health Card, UK NHS venue,
 * NZ COVID Tracer, Corona-Warn-App event, tokhaiyte.vn venue, CCCD card and the Vietnamese national personal QR.
 *
 * Detection is by cheap prefix/shape checks, so non-matching input is rejected quickly. Trailing CR/LF (added by
 * keyboard-wedge scanners) is removed; nothing else is trimmed (Base45 contains significant spaces).
 *
 * Contract: returns a {@link DecodeResult} when the text decodes (whatever its signature status — check
 * `signature` and `warnings` such as `expired`), and otherwise THROWS a {@link QrDecodeError}: `qr/unrecognised`
 * when no format matches, or the matching decoder's own code (e.g. `qr/bad-encoding`) when the text looks like a
 * known format but is malformed. It never throws anything else for string input. The `qr/unrecognised` error has no
 * stack trace (rejecting garbage must stay cheap: ≥ 100,000 inputs/s).
 *
 * @param text - the scanned text.
 * @param options - verification keys and validation clock.
 * @returns the decoded result.
 * @throws {@link QrDecodeError} as described above.
 * @throws TypeError when `text` is not a string or a supplied key cannot be parsed.
 * @example
 * ```ts
 * const result = decodeAny(scanned, { keys: { ukNhs: { kid: '3', publicKey: pem } } });
 * console.log(result.format, result.signature);
 * ```
 */
export function decodeAny(text: string, options?: DecodeAnyOptions): DecodeResult {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  let input = text;
  while (input.length > 0 && (input.endsWith('\n') || input.endsWith('\r'))) input = input.slice(0, -1);
  for (const route of ROUTES) {
    if (route.matches(input)) return route.decode(input, options);
  }
  throw unrecognised();
}

/**
 * The `qr/unrecognised` error, built without a stack trace: garbage input is the common case for a scanner, and
 * capturing a stack costs ten times more than detecting that nothing matches.
 */
function unrecognised(): QrDecodeError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new QrDecodeError('qr/unrecognised', 'the text matches no supported QR format');
  } finally {
    Error.stackTraceLimit = limit;
  }
}
