import { bytesToHex, HealthtraceError, hexToBytes } from '@healthtrace/core';
import { BLUEZONE_DEFAULT_SLOTS, BLUEZONE_KEY_LENGTH } from './ids';

/** One infected person's (F0's) daily key in a Bluezone "check contact history" push. */
export interface F0Entry {
  /** 32-byte daily key valid from `timeStart`. */
  dailyKey: Uint8Array;
  /** Start of the window to check, Unix seconds (the UTC day start of `dailyKey`). */
  timeStart: number;
  /** End of the window to check, Unix seconds. */
  timeEnd: number;
  /** Slots per day (`max`, 96 by default). */
  max: number;
}

/** Error raised for a malformed F0 payload (`code` `"bluezone/bad-f0-payload"`). */
export class BluezoneF0Error extends HealthtraceError {
  /**
   * @param message - what is wrong.
   * @param options - optional cause.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super('bluezone/bad-f0-payload', message, options);
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BluezoneF0Error(`${what} is not valid JSON`, { cause: error });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function seconds(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new BluezoneF0Error(`${name} must be a non-negative integer (Unix seconds)`);
  return v;
}

/**
 * Parses the F0 payload `{"data":[{"daily_key","time_start","time_end","max"}]}` (times in
 * seconds, `daily_key` 64 hex digits, either case). Also accepts the envelopes it arrives in:
 * the FCM `DataContent` object `{FindGUID, InfoF}` whose `InfoF` is a JSON string (double
 * encoding, as Bluezone sends it), and the FCM data message `{Type, DataContent}` whose
 * `DataContent` is a JSON string.
 *
 * @param json - the JSON text, or the already-parsed value.
 * @returns the entries, in payload order.
 * @throws BluezoneF0Error (`bluezone/bad-f0-payload`) when the payload is malformed.
 * @example
 * ```ts
 * const [f0] = parseF0Payload(message.data.DataContent);
 * const blids = bluezoneBlids(f0.dailyKey, f0.max);
 * ```
 */
export function parseF0Payload(json: string | unknown): F0Entry[] {
  let value: unknown = typeof json === 'string' ? parseJson(json, 'F0 payload') : json;
  // Unwrap {Type, DataContent: "<json>"} and {FindGUID, InfoF: "<json>"} (each level may be a string or an object).
  for (let depth = 0; depth < 3 && isRecord(value) && !('data' in value); depth++) {
    const inner = 'DataContent' in value ? value.DataContent : 'InfoF' in value ? value.InfoF : undefined;
    if (inner === undefined) break;
    value = typeof inner === 'string' ? parseJson(inner, 'DataContent' in value ? 'DataContent' : 'InfoF') : inner;
  }
  if (!isRecord(value) || !Array.isArray(value.data)) throw new BluezoneF0Error('F0 payload must be an object with a "data" array');
  return value.data.map((item: unknown, i: number): F0Entry => {
    if (!isRecord(item)) throw new BluezoneF0Error(`data[${i}] must be an object`);
    const hex = item.daily_key;
    let dailyKey: Uint8Array;
    try {
      dailyKey = hexToBytes(hex as string, `data[${i}].daily_key`, BLUEZONE_KEY_LENGTH);
    } catch (error) {
      throw new BluezoneF0Error((error as Error).message, { cause: error });
    }
    const timeStart = seconds(item.time_start, `data[${i}].time_start`);
    const timeEnd = seconds(item.time_end, `data[${i}].time_end`);
    if (timeEnd < timeStart) throw new BluezoneF0Error(`data[${i}].time_end must not be before time_start`);
    const max = item.max === undefined ? BLUEZONE_DEFAULT_SLOTS : item.max;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 86_400)
      throw new BluezoneF0Error(`data[${i}].max must be an integer in 1..86400`);
    return { dailyKey, timeStart, timeEnd, max };
  });
}

/**
 * Formats F0 entries as the `InfoF` JSON `{"data":[{"daily_key","time_start","time_end","max"}]}`
 * with `daily_key` as 64 upper-case hex digits (as Bluezone writes keys) and times in seconds.
 *
 * @param entries - the entries.
 * @returns compact JSON text.
 * @throws TypeError when an entry field has the wrong type.
 * @throws RangeError when a daily key is not 32 bytes or a time or `max` is out of range.
 * @example
 * ```ts
 * formatF0Payload([{ dailyKey, timeStart: 1596844800, timeEnd: 1597449600, max: 96 }]);
 * ```
 */
export function formatF0Payload(entries: F0Entry[]): string {
  if (!Array.isArray(entries)) throw new TypeError('entries must be an array');
  const data = entries.map((e, i) => {
    if (!(e?.dailyKey instanceof Uint8Array)) throw new TypeError(`entries[${i}].dailyKey must be a Uint8Array`);
    if (e.dailyKey.length !== BLUEZONE_KEY_LENGTH)
      throw new RangeError(`entries[${i}].dailyKey must be 32 bytes, got ${e.dailyKey.length}`);
    for (const f of ['timeStart', 'timeEnd', 'max'] as const) {
      if (typeof e[f] !== 'number' || !Number.isSafeInteger(e[f])) throw new TypeError(`entries[${i}].${f} must be an integer`);
    }
    if (e.timeStart < 0 || e.timeEnd < e.timeStart) throw new RangeError(`entries[${i}] must have 0 <= timeStart <= timeEnd`);
    if (e.max < 1 || e.max > 86_400) throw new RangeError(`entries[${i}].max must be in 1..86400, got ${e.max}`);
    return { daily_key: bytesToHex(e.dailyKey).toUpperCase(), time_start: e.timeStart, time_end: e.timeEnd, max: e.max };
  });
  return JSON.stringify({ data });
}
