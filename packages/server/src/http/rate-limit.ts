import type { Context } from 'hono';
import type { AppEnv } from './context';
import { HttpProblem } from './problem';

/**
 * Token-bucket rate limiting per key (client IP, API key…), in this process's memory.
 * Several server processes each enforce their own share; put a shared limiter at the load
 * balancer for a global limit.
 *
 * @param options - `perMinute` budget and a `keyOf` function (return `undefined` to skip).
 * @returns a check that takes one token of the request's bucket, or throws 429 with `Retry-After` when it is empty.
 * @throws HttpProblem 429 (from the check).
 * @example
 * ```ts
 * const limit = rateLimiter({ perMinute: 600, keyOf: (c) => c.req.header('X-Forwarded-For') });
 * app.use(async (c, next) => { limit(c); await next(); });
 * ```
 */
export function rateLimiter(options: {
  perMinute: number;
  keyOf: (c: Context<AppEnv>) => string | undefined;
  maxKeys?: number;
}): (c: Context<AppEnv>) => void {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const capacity = Math.max(1, options.perMinute);
  const perMs = capacity / 60_000;
  const maxKeys = options.maxKeys ?? 100_000;
  return (c) => {
    const key = options.keyOf(c);
    if (key === undefined || options.perMinute <= 0) return;
    const now = Date.now();
    let b = buckets.get(key);
    if (!b) {
      if (buckets.size >= maxKeys) buckets.clear();
      b = { tokens: capacity, at: now };
      buckets.set(key, b);
    }
    b.tokens = Math.min(capacity, b.tokens + (now - b.at) * perMs);
    b.at = now;
    if (b.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
      throw new HttpProblem(
        429,
        'rate-limited',
        'Too many requests',
        { detail: `Retry after ${retryAfter} s` },
        { 'Retry-After': String(retryAfter) },
      );
    }
    b.tokens -= 1;
  };
}
