import type { Context } from 'hono';
import type { AppEnv } from './context';
import { HttpProblem } from './problem';

/**
 * Reads a strict JSON body: `application/json` content type (415 otherwise), valid JSON
 * (400), a top-level object (400). Size is capped by the body-limit middleware.
 *
 * @param c - the context.
 * @returns the parsed object.
 * @throws HttpProblem 400/415.
 */
export async function readJsonObject(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/scim+json') {
    throw new HttpProblem(415, 'unsupported-media-type', 'Content-Type must be application/json');
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'bad-json', 'The body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpProblem(400, 'bad-json', 'The body must be a JSON object');
  return value as Record<string, unknown>;
}
