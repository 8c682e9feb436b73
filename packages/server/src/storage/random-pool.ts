import { randomFillSync } from 'node:crypto';

/**
 * Random bytes from the operating system's CSPRNG (`crypto.randomFillSync`), drawn from an 8 KiB
 * pool refilled when spent: one call into OpenSSL per few hundred requests instead of two per
 * request (IV and deletion token), the way Node's own `randomUUID` caches its entropy. A spent
 * pool is replaced, never overwritten, so a returned view stays valid and is never handed out twice.
 */
const POOL_BYTES = 8192;
let pool: Buffer = Buffer.alloc(0);
let offset = 0;

/**
 * Returns `n` fresh random bytes.
 *
 * @param n - how many (at most 8,192).
 * @returns a view on the pool; never reused for another call.
 * @throws RangeError when `n` is not an integer from 0 to 8,192.
 * @example
 * ```ts
 * const iv = pooledRandomBytes(12);
 * ```
 */
export function pooledRandomBytes(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > POOL_BYTES) throw new RangeError(`n must be an integer from 0 to ${POOL_BYTES}`);
  if (offset + n > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES));
    offset = 0;
  }
  const out = pool.subarray(offset, offset + n);
  offset += n;
  return out;
}
