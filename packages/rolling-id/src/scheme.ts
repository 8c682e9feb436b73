/**
 * A rolling-identifier protocol seen from matching and simulation: keys are valid for a
 * period of fixed-length slots, and each slot has one broadcast identifier derived from
 * the key. Implemented by {@link gaenScheme} (TEK → RPIs, 144 × 10 min) and
 * {@link bluezoneScheme} (daily key → BLIDs, 96 × 15 min).
 *
 * Slots are numbered absolutely (GAEN: the ENIntervalNumber; Bluezone: UTC day × slots + slot of the day).
 *
 * @example
 * ```ts
 * function idsAround(scheme: RollingIdScheme, key: Uint8Array, keyStartSlot: number, atMs: number) {
 *   const slot = scheme.slotAt(atMs);
 *   return scheme.deriveIds(key, keyStartSlot, slot - 1, 3); // previous, current, next
 * }
 * ```
 */
export interface RollingIdScheme {
  /** Protocol name. */
  readonly name: 'gaen' | 'bluezone';
  /** Length of a key in bytes (GAEN TEK 16, Bluezone daily key 32). */
  readonly keyLength: number;
  /** Length of a broadcast identifier in bytes (GAEN RPI 16, Bluezone BLID 12). */
  readonly idLength: number;
  /** Nominal slot length in milliseconds (GAEN 600,000; Bluezone 86,400,000 / slots). */
  readonly slotMs: number;
  /** Slots one key covers (GAEN 144, Bluezone `slots`, 96 by default). */
  readonly slotsPerKey: number;
  /**
   * Absolute slot number of a moment.
   *
   * @param unixMs - Unix milliseconds.
   * @returns the slot number.
   */
  slotAt(unixMs: number): number;
  /**
   * Start of an absolute slot, in Unix ms.
   *
   * @param slot - absolute slot number.
   * @returns the slot start.
   */
  slotStartMs(slot: number): number;
  /**
   * First slot of the key period (the UTC day) that contains `slot`.
   *
   * @param slot - absolute slot number.
   * @returns the key's start slot.
   */
  keyStartSlot(slot: number): number;
  /**
   * A new random key.
   *
   * @returns `keyLength` random bytes.
   */
  generateKey(): Uint8Array;
  /**
   * Identifiers broadcast under `key` in slots `fromSlot .. fromSlot+count-1`, back to back
   * (`idLength * count` bytes). Bluezone moves the daily key forward one hash per day past
   * `keyStartSlot`, as the F0 check does; GAEN identifiers depend only on the slot.
   *
   * @param key - the key (`keyLength` bytes).
   * @param keyStartSlot - first slot of the key (GAEN rolling start; Bluezone day start slot).
   * @param fromSlot - first slot wanted (not before `keyStartSlot` for Bluezone).
   * @param count - number of slots.
   * @param out - optional output buffer.
   * @returns the identifiers.
   */
  deriveIds(key: Uint8Array, keyStartSlot: number, fromSlot: number, count: number, out?: Uint8Array): Uint8Array;
}
