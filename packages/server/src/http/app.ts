import { randomUUID } from 'node:crypto';
import { ServerResponse } from 'node:http';
import { type Context, Hono, type MiddlewareHandler, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { type AccessLogWriter, accessLogWriter } from '../logging';
import { routeRegistrations } from '../routes/index';
import { ANONYMOUS, callerOf } from './auth';
import type { App, AppEnv, ServerDeps } from './context';
import { HttpProblem, problemResponse } from './problem';
import { rateLimiter } from './rate-limit';

/**
 * Builds the Hono app: request ids, security headers ({@link SECURITY_HEADERS}), access log, CORS, body limit, caller
 * identification, rate limits, every route module, and problem-details errors.
 *
 * @param deps - the server's dependencies.
 * @returns the app (`app.fetch` serves requests).
 */
export function createApp(deps: ServerDeps): App {
  const app = new Hono<AppEnv>();
  // Access lines carry only method, route pattern, status and duration — never personal data by
  // construction — so they skip pino's general path (see `accessLogWriter`). Derived again whenever
  // `deps.logger` is replaced.
  let access = { of: deps.logger, write: accessLogWriter(deps.logger) };
  const accessLog = (): AccessLogWriter => {
    if (access.of !== deps.logger) access = { of: deps.logger, write: accessLogWriter(deps.logger) };
    return access.write;
  };
  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('caller', ANONYMOUS);
    const outgoing = nodeResponseOf(c.env);
    if (outgoing !== undefined) {
      // Served by @hono/node-server: the headers go on Node's response before the handler runs,
      // and Node merges them with the handler's own when it writes the head (the handler's win).
      // Setting them on the web Response instead turns its plain header object into a `Headers`
      // that is then copied back to a plain object (~5 µs and ~6 kB of garbage a request).
      for (const [name, value] of SECURITY_HEADERS) outgoing.setHeader(name, value);
      outgoing.setHeader('x-request-id', requestId);
      await next();
    } else {
      await next();
      const headers = c.res.headers;
      for (const [name, value] of SECURITY_HEADERS) if (!headers.has(name)) headers.set(name, value);
      headers.set('x-request-id', requestId);
    }
    // Route pattern, never the URL: ids and query strings stay out of the logs.
    accessLog()(c.req.method, c.req.routePath, c.res.status, Math.round(performance.now() - started));
  });
  if (deps.config.corsOrigins.length > 0) {
    app.use(
      cors({
        origin: deps.config.corsOrigins.includes('*') ? '*' : deps.config.corsOrigins,
        exposeHeaders: ['Retry-After', 'x-request-id'],
      }),
    );
  }
  app.use(admission(deps));
  for (const register of routeRegistrations) register(app, deps);
  app.notFound((c) => problemResponse(c, new HttpProblem(404, 'not-found', 'No such resource')));
  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problemResponse(c, error);
    deps.logger.error(
      { err: { name: (error as Error).name, message: (error as Error).message }, route: c.req.routePath },
      'unhandled error',
    );
    return problemResponse(c, new HttpProblem(500, 'internal', 'Internal server error'));
  });
  return app;
}

/**
 * What every request passes before its route, in one middleware (each middleware in Hono's chain
 * costs every request): the body-size limit, the per-IP rate limit, caller identification
 * (`c.var.caller`) and the per-API-key rate limit, in that order. A limit configured as 0 is off.
 *
 * Bodies over `bodyLimitBytes` are refused (413 `payload-too-large`). A request served by
 * `@hono/node-server` whose size is declared by `Content-Length` (no `Transfer-Encoding`) is
 * checked on that header alone, and one with neither header has no body (HTTP/1.1 framing): the
 * body then stays unread here, so the route reads it straight from the socket instead of through
 * a web `ReadableStream` (Hono's `bodyLimit` touches `Request.body`, which builds one per
 * request: a large share of a small POST's cost). Streamed bodies (`Transfer-Encoding`) and
 * in-process requests go through Hono's `bodyLimit`, which counts the bytes as they arrive.
 */
function admission(deps: ServerDeps): MiddlewareHandler<AppEnv> {
  const maxSize = deps.config.bodyLimitBytes;
  const tooLarge = (): never => {
    throw new HttpProblem(413, 'payload-too-large', `Body over ${maxSize} bytes`);
  };
  const counting = bodyLimit({ maxSize, onError: tooLarge });
  const perIp =
    deps.config.rateLimitPerIpPerMinute > 0
      ? rateLimiter({ perMinute: deps.config.rateLimitPerIpPerMinute, keyOf: (c) => `ip:${clientIp(c.req.raw, c.env)}` })
      : undefined;
  const perKey =
    deps.config.rateLimitPerKeyPerMinute > 0
      ? rateLimiter({
          perMinute: deps.config.rateLimitPerKeyPerMinute,
          keyOf: (c) => {
            const caller = c.get('caller');
            return caller.kind === 'api-key' ? `key:${caller.keyId}` : undefined;
          },
        })
      : undefined;
  const identified = async (c: Context<AppEnv>, next: Next): Promise<void> => {
    perIp?.(c);
    const caller = callerOf(c);
    c.set('caller', caller instanceof Promise ? await caller : caller);
    perKey?.(c);
    await next();
  };
  return (c, next) => {
    const length = c.req.header('Content-Length');
    if (c.req.header('Transfer-Encoding') === undefined && (length !== undefined || isNodeRequest(c.env))) {
      if (length !== undefined && Number.parseInt(length, 10) > maxSize) tooLarge();
      return identified(c, next);
    }
    return counting(c, () => identified(c, next));
  };
}

/**
 * The security headers of every response: Hono's `secureHeaders()` defaults, with
 * `Cross-Origin-Resource-Policy: same-site` (the map and the dashboard are fetched from sibling
 * origins) and no `X-Powered-By`. A header that a route sets itself is kept.
 */
export const SECURITY_HEADERS: readonly (readonly [name: string, value: string])[] = [
  ['cross-origin-resource-policy', 'same-site'],
  ['cross-origin-opener-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-dns-prefetch-control', 'off'],
  ['x-download-options', 'noopen'],
  ['x-frame-options', 'SAMEORIGIN'],
  ['x-permitted-cross-domain-policies', 'none'],
  ['x-xss-protection', '0'],
];

/** Node's response object when the request is served by @hono/node-server (its `env.outgoing`). */
function nodeResponseOf(env: unknown): ServerResponse | undefined {
  const outgoing = (env as { outgoing?: unknown } | undefined)?.outgoing;
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}

const isNodeRequest = (env: unknown): boolean => (env as { incoming?: unknown } | undefined)?.incoming !== undefined;

/** The client address: the socket's (via @hono/node-server bindings), else `unknown`. */
function clientIp(_request: Request, env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
