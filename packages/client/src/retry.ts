/**
 * A `fetch` wrapper that retries what is safe to retry: idempotent methods, and POST/PATCH
 * requests that carry an `Idempotency-Key` (the server deduplicates those). Exponential
 * backoff with full jitter, `Retry-After` honoured, a timeout per attempt via `AbortSignal`.
 */

/** Retry policy. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 disables retrying). */
  retries?: number;
  /** First backoff step in milliseconds (default 250). */
  baseDelayMs?: number;
  /** Longest single wait, including a server's `Retry-After` (default 30,000). */
  maxDelayMs?: number;
  /** Timeout of each attempt in milliseconds (default 15,000; 0 disables it). */
  timeoutMs?: number;
  /** Random source in [0, 1) for jitter (injectable for tests). */
  random?: () => number;
  /** Sleep function (injectable for tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * Whether a request may be sent again without risk of a duplicate effect.
 *
 * @param request - the request.
 * @returns `true` for idempotent methods and for requests with an `Idempotency-Key`.
 * @example
 * ```ts
 * isRetrySafe(new Request('https://x/v1/venues/1')); // true
 * ```
 */
export function isRetrySafe(request: Request): boolean {
  return IDEMPOTENT_METHODS.has(request.method.toUpperCase()) || request.headers.has('Idempotency-Key');
}

/**
 * Parses a `Retry-After` header (delta seconds or an HTTP date) into milliseconds.
 *
 * @param value - the header value, or `null`.
 * @param now - the current time in milliseconds (default `Date.now()`).
 * @returns the delay in milliseconds, or `undefined` when absent or unparseable.
 * @example
 * ```ts
 * retryAfterMs('2'); // 2000
 * ```
 */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Combines signals (AbortSignal.any where present). */
function anySignal(signals: AbortSignal[]): AbortSignal {
  const any = (AbortSignal as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (any) return any(signals);
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}

/**
 * Wraps `fetch` with retries, backoff and per-attempt timeouts.
 *
 * @param baseFetch - the underlying fetch (default `globalThis.fetch`).
 * @param options - the retry policy.
 * @returns a fetch-compatible function taking a `Request`.
 * @example
 * ```ts
 * const fetchWithRetry = retryingFetch(fetch, { retries: 5 });
 * const res = await fetchWithRetry(new Request('http://localhost:8787/healthz'));
 * ```
 */
export function retryingFetch(
  baseFetch: typeof fetch = globalThis.fetch,
  options: RetryOptions = {},
): (request: Request) => Promise<Response> {
  const retries = options.retries ?? 3;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  return async (request: Request): Promise<Response> => {
    const canRetry = retries > 0 && isRetrySafe(request);
    for (let attempt = 0; ; attempt++) {
      const signals = [request.signal];
      if (timeoutMs > 0) signals.push(AbortSignal.timeout(timeoutMs));
      const attemptRequest = new Request(canRetry ? request.clone() : request, { signal: anySignal(signals) });
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await baseFetch(attemptRequest);
      } catch (error) {
        if (request.signal.aborted) throw error;
        failure = error;
      }
      const retryable = failure !== undefined || (response !== undefined && RETRYABLE_STATUS.has(response.status));
      if (!canRetry || !retryable || attempt >= retries) {
        if (response) return response;
        throw failure;
      }
      const backoff = Math.min(max, base * 2 ** attempt) * random();
      const serverDelay = response ? retryAfterMs(response.headers.get('Retry-After')) : undefined;
      await response?.body?.cancel().catch(() => {});
      await sleep(Math.min(max, Math.max(backoff, serverDelay ?? 0)), request.signal);
    }
  };
}
