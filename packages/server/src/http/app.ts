import { randomUUID } from 'node:crypto';
import { ServerResponse } from 'node:http';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { routeRegistrations } from '../routes/index';
import { identifyCaller } from './auth';
import type { App, AppEnv, ServerDeps } from './context';
import { HttpProblem, problemResponse } from './problem';
import { rateLimit } from './rate-limit';

/**
 * Builds the Hono app: request ids, security headers ({@link SECURITY_HEADERS}), CORS, body limit, caller
 * identification, rate limits, every route module, and problem-details errors.
 *
 * @param deps - the server's dependencies.
 * @returns the app (`app.fetch` serves requests).
 */
export function createApp(deps: ServerDeps): App {
  const app = new Hono<AppEnv>();
  // Access lines carry only method, route pattern, status and duration — never personal data by
  // construction — so they skip the redaction pass (a wildcard path walk per line, ~5 µs a request).
  // Derived again whenever `deps.logger` is replaced.
  let access = { of: deps.logger, log: deps.logger.child({}, { redact: { paths: [] } }) };
  const accessLog = (): typeof access.log => {
    if (access.of !== deps.logger) access = { of: deps.logger, log: deps.logger.child({}, { redact: { paths: [] } }) };
    return access.log;
  };
  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('caller', { kind: 'anonymous' });
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
    accessLog().info(
      { method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  if (deps.config.corsOrigins.length > 0) {
    app.use(
      cors({
        origin: deps.config.corsOrigins.includes('*') ? '*' : deps.config.corsOrigins,
        exposeHeaders: ['Retry-After', 'x-request-id'],
      }),
    );
  }
  app.use(bodyLimitMiddleware(deps.config.bodyLimitBytes));
  // A limit of 0 turns that limiter off: it is then left out of the chain (a middleware costs every request).
  if (deps.config.rateLimitPerIpPerMinute > 0)
    app.use(rateLimit({ perMinute: deps.config.rateLimitPerIpPerMinute, keyOf: (c) => `ip:${clientIp(c.req.raw, c.env)}` }));
  app.use(identifyCaller());
  if (deps.config.rateLimitPerKeyPerMinute > 0)
    app.use(
      rateLimit({
        perMinute: deps.config.rateLimitPerKeyPerMinute,
        keyOf: (c) => {
          const caller = c.get('caller');
          return caller.kind === 'api-key' ? `key:${caller.keyId}` : undefined;
        },
      }),
    );
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
 * Refuses bodies over `maxSize` bytes (413 `payload-too-large`). A request served by
 * `@hono/node-server` whose size is declared by `Content-Length` (no `Transfer-Encoding`) is
 * checked on that header alone, and one with neither header has no body (HTTP/1.1 framing): the
 * body then stays unread here, so the route reads it straight from the socket instead of through
 * a web `ReadableStream` (Hono's `bodyLimit` touches `Request.body`, which builds one per
 * request: a large share of a small POST's cost). Streamed bodies (`Transfer-Encoding`) and
 * in-process requests go through Hono's `bodyLimit`, which counts the bytes as they arrive.
 */
function bodyLimitMiddleware(maxSize: number): MiddlewareHandler<AppEnv> {
  const tooLarge = (): never => {
    throw new HttpProblem(413, 'payload-too-large', `Body over ${maxSize} bytes`);
  };
  const counting = bodyLimit({ maxSize, onError: tooLarge });
  return (c, next) => {
    const length = c.req.header('Content-Length');
    if (c.req.header('Transfer-Encoding') === undefined && (length !== undefined || isNodeRequest(c.env))) {
      if (length !== undefined && Number.parseInt(length, 10) > maxSize) tooLarge();
      return next();
    }
    return counting(c, next);
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
