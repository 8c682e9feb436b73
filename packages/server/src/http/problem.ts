import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Problem-details fields beyond the standard ones. */
export interface ProblemExtras {
  /** Human detail. */
  detail?: string;
  /** Validation issues `{ code, path, message }`. */
  issues?: { code: string; path: (string | number)[]; message: string }[];
  /** Any other member. */
  [key: string]: unknown;
}

/**
 * An error a handler throws to answer with RFC 9457 problem details.
 *
 * @example
 * ```ts
 * throw new HttpProblem(404, 'not-found', 'No such venue');
 * ```
 */
export class HttpProblem extends Error {
  /** HTTP status. */
  readonly status: ContentfulStatusCode;
  /** Stable code (also the last segment of `type`). */
  readonly code: string;
  /** Extra members. */
  readonly extras: ProblemExtras;
  /** Extra response headers (e.g. `Retry-After`). */
  readonly headers: Record<string, string>;

  /**
   * @param status - HTTP status.
   * @param code - stable code, kebab case.
   * @param title - short human summary.
   * @param extras - `detail`, `issues`, other members.
   * @param headers - extra response headers.
   */
  constructor(status: ContentfulStatusCode, code: string, title: string, extras: ProblemExtras = {}, headers: Record<string, string> = {}) {
    super(title);
    this.status = status;
    this.code = code;
    this.extras = extras;
    this.headers = headers;
  }
}

/**
 * Writes problem details (`application/problem+json`).
 *
 * @param c - the Hono context.
 * @param problem - the problem.
 * @returns the response.
 */
export function problemResponse(c: Context, problem: HttpProblem): Response {
  const body = {
    type: `https://healthtrace.dev/problems/${problem.code}`,
    title: problem.message,
    status: problem.status,
    code: problem.code,
    ...problem.extras,
  };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...problem.headers, 'x-request-id': c.get('requestId') ?? '' },
  });
}
