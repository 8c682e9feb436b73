import type { components } from './generated/openapi';

/** RFC 9457 problem details as the healthtrace server returns them (stable `code`). */
export type Problem = components['schemas']['Problem'];

/**
 * Whether a value looks like a problem-details body.
 *
 * @param value - anything (e.g. the `error` of a client call).
 * @returns `true` when it has the problem fields.
 * @example
 * ```ts
 * const { error } = await client.api.POST('/v1/declarations', { body });
 * if (isProblem(error) && error.code === 'validation-failed') showIssues(error.issues);
 * ```
 */
export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.status === 'number' && typeof v.title === 'string';
}
