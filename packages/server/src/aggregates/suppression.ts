/**
 * Small-count suppression of published aggregates.
 */

/** The suppression threshold: a count below `K_ANONYMITY` is published as `null`. */
export const K_ANONYMITY = 5;

/**
 * Suppresses a count below `k` (zero included: a published `0` next to a `null` would tell that
 * the `null` hides 1–4 events).
 *
 * @param count - the true count (a non-negative integer).
 * @param k - the threshold (default {@link K_ANONYMITY}).
 * @returns `count` when `count >= k`, else `null`.
 * @throws RangeError when `count` is not a non-negative integer or `k` not a positive integer.
 * @example
 * ```ts
 * suppressSmallCount(4); // null
 * suppressSmallCount(12); // 12
 * ```
 */
export function suppressSmallCount(count: number, k: number = K_ANONYMITY): number | null {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  return count >= k ? count : null;
}
