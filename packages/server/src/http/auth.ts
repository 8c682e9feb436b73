import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Caller } from './context';
import { HttpProblem } from './problem';

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Identifies the caller from `Authorization: Bearer` (health-authority token, or an API key on
 * SCIM routes) and `X-API-Key`. Unknown credentials are rejected (401) rather than treated as
 * anonymous, so a typo never silently downgrades a request.
 *
 * @returns the middleware; sets `c.var.caller`.
 */
export function identifyCaller(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get('deps');
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
    const apiKey = c.req.header('X-API-Key') ?? (c.req.path.startsWith('/scim/') ? bearer : undefined);
    let caller: Caller = { kind: 'anonymous' };
    if (apiKey !== undefined) {
      const resolved = await deps.resolveApiKey(apiKey);
      if (!resolved) throw new HttpProblem(401, 'unauthorized', 'Unknown or revoked API key');
      caller = resolved;
    } else if (bearer !== undefined) {
      const digest = sha256(bearer);
      const ok = deps.config.healthAuthorityTokens.some((t) => timingSafeEqual(sha256(t), digest));
      if (!ok) throw new HttpProblem(401, 'unauthorized', 'Unknown bearer token');
      caller = { kind: 'health-authority' };
    }
    c.set('caller', caller);
    await next();
  };
}

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
