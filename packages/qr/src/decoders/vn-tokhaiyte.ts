/**
 * Vietnam tokhaiyte.vn venue ("điểm kiểm dịch") QR, 2020 – mid 2021:
 * `https://tokhaiyte.vn/?page=Group.checkin&groupId=<24 hex>` (declarations-vn.md §6.1; examples from
 * third-party code, unverified). Unsigned.
 */
import { fail } from './common';
import type { DecodeResult } from './types';

/** Format identifier of {@link decodeTokhaiyteVenue} results. */
export const TOKHAIYTE_VENUE_FORMAT = 'vn-tokhaiyte-venue' as const;
const FORMAT = TOKHAIYTE_VENUE_FORMAT;
const HOST_PATTERN = /^https?:\/\/(?:[a-z0-9-]+\.)*tokhaiyte\.vn(?:[/?#]|$)/i;

/**
 * Whether `text` is a URL on tokhaiyte.vn or one of its subdomains.
 *
 * @param text - scanned text.
 * @returns `true` when the tokhaiyte decoder should be tried.
 * @example
 * ```ts
 * isTokhaiyteVenue('https://tokhaiyte.vn/?page=Group.checkin&groupId=6092414e92bd219ab40fb32f'); // true
 * ```
 */
export function isTokhaiyteVenue(text: string): boolean {
  return HOST_PATTERN.test(text);
}

/**
 * Decodes a tokhaiyte.vn venue check-in URL. Query parameters may come in any order and the
 * host in any case; the `page` parameter, when present, must be `Group.checkin`.
 *
 * Fields: `{ groupId, groupIdTimestamp }` — `groupId` as lower-case hex; `groupIdTimestamp` is the ISO time in its
 * first 4 bytes, assuming (unverified) that it is a MongoDB ObjectId. No signature (`"absent"`).
 *
 * @param text - scanned text.
 * @returns the decoded result.
 * @throws {@link QrDecodeError} `qr/bad-prefix`, `qr/bad-encoding` or `qr/bad-field`.
 * @throws TypeError when `text` is not a string.
 * @example
 * ```ts
 * decodeTokhaiyteVenue('https://tokhaiyte.vn/?page=Group.checkin&groupId=6092414e92bd219ab40fb32f').fields.groupId;
 * // "6092414e92bd219ab40fb32f"
 * ```
 */
export function decodeTokhaiyteVenue(text: string): DecodeResult {
  if (typeof text !== 'string') throw new TypeError('text must be a string');
  if (!HOST_PATTERN.test(text)) fail('qr/bad-prefix', 'not a tokhaiyte.vn URL', FORMAT);
  const queryStart = text.indexOf('?');
  if (queryStart < 0) fail('qr/bad-field', 'URL has no query', FORMAT);
  const hash = text.indexOf('#', queryStart);
  const query = text.slice(queryStart + 1, hash < 0 ? undefined : hash);
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    try {
      params.set(decodeURIComponent(pair.slice(0, eq)).toLowerCase(), decodeURIComponent(pair.slice(eq + 1).replaceAll('+', ' ')).trim());
    } catch (error) {
      fail('qr/bad-encoding', 'query is not valid percent-encoding', FORMAT, error);
    }
  }
  const page = params.get('page');
  if (page !== undefined && page.toLowerCase() !== 'group.checkin') fail('qr/bad-field', 'page is not Group.checkin', FORMAT);
  const groupId = params.get('groupid');
  if (groupId === undefined || !/^[0-9a-fA-F]{24}$/.test(groupId)) {
    fail('qr/bad-field', 'groupId must be 24 hex digits', FORMAT);
  }
  const seconds = Number.parseInt(groupId.slice(0, 8), 16);
  return {
    format: FORMAT,
    fields: { groupId: groupId.toLowerCase(), groupIdTimestamp: new Date(seconds * 1000).toISOString() },
    signature: 'absent',
    warnings: [],
  };
}
