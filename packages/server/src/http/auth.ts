import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv, Caller } from './context';
import { HttpProblem } from './problem';

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Identifies the caller — who is calling: an API key (`X-API-Key`, or a bearer token on `/scim/`), the health authority (a
 * bearer token from the configuration) or an anonymous caller. Synchronous unless an API key must
 * be looked up. Unknown credentials are rejected (401) rather than treated as anonymous, so a typo
 * never silently downgrades a request.
 *
 * @param c - the context (its `deps`).
 * @returns the caller, or a promise of it when an API key is resolved.
 * @throws HttpProblem 401 for an unknown API key or bearer token.
 * @example
 * ```ts
 * app.use(async (c, next) => {
 *   const caller = callerOf(c);
 *   c.set('caller', caller instanceof Promise ? await caller : caller);
 *   await next();
 * });
 * ```
 */
export function callerOf(c: Context<AppEnv>): Caller | Promise<Caller> {
  const deps = c.get('deps');
  const authorization = c.req.header('Authorization');
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  const apiKey = c.req.header('X-API-Key') ?? (bearer !== undefined && c.req.path.startsWith('/scim/') ? bearer : undefined);
  if (apiKey !== undefined) {
    return deps.resolveApiKey(apiKey).then((resolved) => {
      if (!resolved) throw new HttpProblem(401, 'unauthorized', 'Unknown or revoked API key');
      return resolved;
    });
  }
  if (bearer !== undefined) {
    const digest = sha256(bearer);
    const ok = deps.config.healthAuthorityTokens.some((t) => timingSafeEqual(sha256(t), digest));
    if (!ok) throw new HttpProblem(401, 'unauthorized', 'Unknown bearer token');
    return { kind: 'health-authority' };
  }
  return ANONYMOUS;
}

/** The caller of a request without credentials (one frozen object shared by all). */
export const ANONYMOUS: Caller = Object.freeze({ kind: 'anonymous' });

/**
 * Requires a health-authority token.
 *
 * @param c - the context.
 * @throws HttpProblem 401/403.
 */
export function requireHealthAuthority(c: Context<AppEnv>): void {
  const caller = c.get('caller');
  if (caller.kind === 'anonymous') throw new HttpProblem(401, 'unauthorized', 'Credentials required');
  if (caller.kind !== 'health-authority') throw new HttpProblem(403, 'forbidden', 'Health-authority token required');
}

/**
 * Requires an API key of `tenantId` with `scope` (or, where `allowAuthority`, a health-authority
 * token). Tenant isolation lives here: a key of tenant A never passes for tenant B.
 *
 * @param c - the context.
 * @param tenantId - the tenant the route acts on.
 * @param scope - the scope needed.
 * @param allowAuthority - whether a health-authority token also passes.
 * @throws HttpProblem 401/403.
 */
export function requireTenantScope(c: Context<AppEnv>, tenantId: string, scope: string, allowAuthority = false): void {
  const caller = c.get('caller');
  if (caller.kind === 'anonymous') throw new HttpProblem(401, 'unauthorized', 'Credentials required');
  if (caller.kind === 'health-authority') {
    if (allowAuthority) return;
    throw new HttpProblem(403, 'forbidden', 'This route needs an enterprise API key');
  }
  if (caller.tenantId !== tenantId) throw new HttpProblem(403, 'forbidden', 'The API key belongs to another tenant');
  if (!caller.scopes.includes(scope)) throw new HttpProblem(403, 'forbidden', `The API key lacks the ${scope} scope`);
}
