import { assertBytes, assertInteger } from '@healthtrace/core';
import type { RollingIdScheme } from '../scheme';
import { deriveRpik, deriveRpis, generateTek } from './derive';
import { INTERVAL_SECONDS, intervalNumber, intervalStartMs, MAX_INTERVAL_NUMBER, ROLLING_PERIOD, rollingStartOfDay } from './intervals';

/**
 * GAEN as a {@link RollingIdScheme}: keys are TEKs, slots are ENIntervalNumbers, identifiers are RPIs.
 *
 * @example
 * ```ts
 * const rpis = gaenScheme.deriveIds(tek, 2642976, 2642976, 144);
 * ```
 */
export const gaenScheme: RollingIdScheme = Object.freeze({
  name: 'gaen' as const,
  keyLength: 16,
  idLength: 16,
  slotMs: INTERVAL_SECONDS * 1000,
  slotsPerKey: ROLLING_PERIOD,
  slotAt: intervalNumber,
  slotStartMs: intervalStartMs,
  keyStartSlot: rollingStartOfDay,
  generateKey: generateTek,
  deriveIds(key: Uint8Array, keyStartSlot: number, fromSlot: number, count: number, out?: Uint8Array): Uint8Array {
    assertBytes(key, 'key', 16);
    assertInteger(keyStartSlot, 'keyStartSlot', 0, MAX_INTERVAL_NUMBER);
    const rpik = deriveRpik(key);
    const ids = deriveRpis(rpik, fromSlot, count, out);
    rpik.fill(0);
    return ids;
  },
});
