/**
 * Presence tracing from the venue QR seed (in the style of CrowdNotifier / Corona-Warn-App event
 * check-in, without their pairing-based crypto). A venue's seed never leaves the phones that
 * scanned the code and the health authority; warnings publish only time-bound identifiers:
 *
 * ```
 * window     = floor(unixSeconds / 3600)                     // one-hour windows
 * identifier = HKDF-SHA256(ikm = seed, salt = "healthtrace/qr/v1/presence",
 *                          info = uint32_be(window), length = 16)
 * ```
 *
 * A warning is `(identifier, window)`. Identifiers of different windows are unlinkable without the
 * seed, so a published list reveals neither the venue nor links its warnings; a phone recomputes
 * the identifiers of its own check-ins and matches them locally.
 */
import { assertBytes, equalBytes, utf8ToBytes } from '@healthtrace/core';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { assertDate } from '../envelope/time';

/** Length of a presence window in seconds (one hour). */
export const PRESENCE_WINDOW_SECONDS = 3600;
/** Length of a presence identifier in bytes. */
export const PRESENCE_ID_LENGTH = 16;
/** Longest check-in or warning span accepted, in windows (7 days). */
export const MAX_PRESENCE_WINDOWS: number = 24 * 7;

const SALT: Uint8Array = utf8ToBytes('healthtrace/qr/v1/presence');

/** A published venue warning: one identifier for one window. */
export interface PresenceWarning {
  /** Window number, `floor(unixSeconds / 3600)`. */
  window: number;
  /** 16-byte identifier of the venue for that window. */
  identifier: Uint8Array;
}

/** One entry of a phone's own check-in history. */
export interface PresenceCheckIn {
  /** The 16-byte seed from the scanned venue QR. */
  seed: Uint8Array;
  /** Check-in time. */
  checkIn: Date;
  /** Check-out time (after `checkIn`). */
  checkOut: Date;
  /** Optional caller data (e.g. the venue name), returned with matches. */
  label?: string;
}

/** A check-in that overlaps a published warning. */
export interface PresenceMatch {
  /** Index of the check-in in the history. */
  checkInIndex: number;
  /** The matching window. */
  window: number;
  /** Seconds of the check-in inside that window. */
  overlapSeconds: number;
}

/**
 * The presence window of an instant.
 *
 * @param date - the instant.
 * @returns `floor(unixSeconds / 3600)`.
 * @example
 * ```ts
 * presenceWindow(new Date('2026-01-01T10:30:00Z')); // 493954
 * ```
 */
export function presenceWindow(date: Date): number {
  return Math.floor(assertDate(date, 'date').getTime() / 1000 / PRESENCE_WINDOW_SECONDS);
}

/**
 * The venue identifier for one window.
 *
 * @param seed - 16-byte venue seed.
 * @param window - window number (0 to 2^32−1).
 * @returns 16-byte identifier.
 * @throws TypeError / RangeError on bad arguments.
 * @example
 * ```ts
 * const id = presenceIdentifier(venue.seed, presenceWindow(new Date()));
 * ```
 */
export function presenceIdentifier(seed: Uint8Array, window: number): Uint8Array {
  assertBytes(seed, 'seed', 16);
  if (!Number.isInteger(window) || window < 0 || window > 0xffffffff) throw new RangeError(`window must be a uint32, got ${window}`);
  const info = new Uint8Array([window >>> 24, (window >>> 16) & 0xff, (window >>> 8) & 0xff, window & 0xff]);
  return hkdf(sha256, seed, SALT, info, PRESENCE_ID_LENGTH);
}

function windowsOf(from: Date, to: Date): { first: number; last: number } {
  assertDate(from, 'from');
  assertDate(to, 'to');
  if (to <= from) throw new RangeError('the end must be after the start');
  const first = presenceWindow(from);
  const last = Math.floor((to.getTime() - 1) / 1000 / PRESENCE_WINDOW_SECONDS);
  if (last - first + 1 > MAX_PRESENCE_WINDOWS) throw new RangeError(`span covers more than ${MAX_PRESENCE_WINDOWS} windows`);
  return { first, last };
}

/**
 * The warnings a health authority publishes for a venue and a risky period
 * (one per window overlapping `[from, to)`).
 *
 * @param seed - 16-byte venue seed (from an infected person's check-in history).
 * @param from - start of the risky period.
 * @param to - end of the risky period (exclusive).
 * @returns the warnings, in window order.
 * @throws RangeError when `to ≤ from` or the span exceeds {@link MAX_PRESENCE_WINDOWS}.
 * @example
 * ```ts
 * const warnings = presenceWarnings(seed, new Date('2026-01-01T18:00Z'), new Date('2026-01-01T21:00Z')); // 3 warnings
 * ```
 */
export function presenceWarnings(seed: Uint8Array, from: Date, to: Date): PresenceWarning[] {
  assertBytes(seed, 'seed', 16);
  const { first, last } = windowsOf(from, to);
  const out: PresenceWarning[] = [];
  for (let w = first; w <= last; w++) out.push({ window: w, identifier: presenceIdentifier(seed, w) });
  return out;
}

/**
 * Matches a phone's own check-in history against published warnings, locally.
 *
 * @param history - the phone's check-ins.
 * @param warnings - published warnings.
 * @returns one match per (check-in, window) pair that a warning covers, with the overlap.
 * @throws TypeError / RangeError on a malformed check-in.
 * @example
 * ```ts
 * const matches = matchPresenceWarnings(myCheckIns, downloadedWarnings);
 * if (matches.length > 0) notifyUser();
 * ```
 */
export function matchPresenceWarnings(history: readonly PresenceCheckIn[], warnings: readonly PresenceWarning[]): PresenceMatch[] {
  const byWindow = new Map<number, Uint8Array[]>();
  for (const w of warnings) {
    assertBytes(w.identifier, 'warning.identifier', PRESENCE_ID_LENGTH);
    const list = byWindow.get(w.window);
    if (list === undefined) byWindow.set(w.window, [w.identifier]);
    else list.push(w.identifier);
  }
  const matches: PresenceMatch[] = [];
  history.forEach((entry, checkInIndex) => {
    const { first, last } = windowsOf(entry.checkIn, entry.checkOut);
    for (let w = first; w <= last; w++) {
      const candidates = byWindow.get(w);
      if (candidates === undefined) continue;
      const id = presenceIdentifier(entry.seed, w);
      if (!candidates.some((c) => equalBytes(c, id))) continue;
      const start = Math.max(entry.checkIn.getTime(), w * PRESENCE_WINDOW_SECONDS * 1000);
      const end = Math.min(entry.checkOut.getTime(), (w + 1) * PRESENCE_WINDOW_SECONDS * 1000);
      matches.push({ checkInIndex, window: w, overlapSeconds: Math.round((end - start) / 1000) });
    }
  });
  return matches;
}
