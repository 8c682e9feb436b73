import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { type ConfigOverrides, loadConfig, type ServerConfig } from './config';
import type { Database } from './db/database';
import { migrate } from './db/migrate';
import { openPglite } from './db/pglite';
import { openPgliteWorker } from './db/pglite-worker';
import { openPostgres } from './db/postgres';
import { resolveApiKey } from './enterprise/api-keys';
import { emitEvent } from './enterprise/webhooks';
import { createApp } from './http/app';
import type { App, ServerDeps } from './http/context';
import { jobs as allJobs, type Job } from './jobs/index';
import { createLogger } from './logging';
import { fileBlobStore } from './storage/blob-store';
import { createFieldCipher } from './storage/field-encryption';

/** Options of {@link createHealthtraceServer}. */
export interface CreateServerOptions {
  /** Configuration (default: {@link loadConfig} with no overrides). */
  config?: ServerConfig;
  /** Use this database instead of opening one (tests). `"memory"` opens an in-memory PGlite. */
  database?: Database | 'memory';
  /** Logger (default: JSON lines on stdout at `info`). */
  logger?: Logger;
  /** Clock (default: `() => new Date()`). */
  now?: () => Date;
  /** Run background jobs on timers (default `true`; tests call `runJobs` instead). */
  jobs?: boolean;
}

/** A server instance, usable in process (`fetch`) or listening (`listen`). */
export interface HealthtraceServer {
  /** The Hono app. */
  app: App;
  /** Serves one request in process. */
  fetch: (request: Request) => Promise<Response>;
  /** The dependencies (database, config…). */
  deps: ServerDeps;
  /** Runs every background job once, now. */
  runJobs(): Promise<void>;
  /** Listens on `config.host:config.port`; resolves with the bound port. */
  listen(): Promise<number>;
  /**
   * Stops accepting connections, waits for in-flight requests and background work, then
   * closes the database.
   */
  close(): Promise<void>;
}

/**
 * Creates a server: opens the database (PGlite under `dataDir`, or PostgreSQL when
 * `databaseUrl` is set), runs the migrations, builds the app.
 *
 * @param options - configuration, database, logger, clock.
 * @returns the server, not yet listening.
 * @example
 * ```ts
 * const server = await createHealthtraceServer({ database: 'memory' });
 * const res = await server.fetch(new Request('http://local/healthz'));
 * ```
 */
export async function createHealthtraceServer(options: CreateServerOptions = {}): Promise<HealthtraceServer> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger();
  const db =
    options.database === 'memory'
      ? await openPglite(undefined)
      : (options.database ??
        (config.databaseUrl
          ? await openPostgres(config.databaseUrl, {
              onIdleError: (error) =>
                logger.warn({ err: { message: error.message } }, 'an idle PostgreSQL connection failed; it is replaced'),
            })
          : await openPgliteWorker(join(config.dataDir, 'db'))));
  await migrate(db);
  const deps: ServerDeps = {
    config,
    db,
    logger,
    blobs: fileBlobStore(join(config.dataDir, 'blobs')),
    cipher: createFieldCipher(config.fieldKeys),
    now: options.now ?? (() => new Date()),
    resolveApiKey: (secret) => resolveApiKey(db, secret),
    emit: (tenantId, type, data) => emitEvent(deps, tenantId, type, data),
    background: new Set(),
  };
  const app = createApp(deps);
  let listening: ServerType | undefined;
  const timers: ReturnType<typeof setInterval>[] = [];
  const runJob = async (job: Job): Promise<void> => {
    try {
      await job.run(deps);
    } catch (error) {
      logger.error({ job: job.name, err: { message: (error as Error).message } }, 'job failed');
    }
  };
  if (options.jobs !== false) {
    for (const job of allJobs) {
      const timer = setInterval(() => {
        const p = runJob(job);
        deps.background.add(p);
        p.finally(() => deps.background.delete(p));
      }, job.everyMs);
      timer.unref();
      timers.push(timer);
    }
  }
  return {
    app,
    fetch: (request) => Promise.resolve(app.fetch(request)),
    deps,
    async runJobs() {
      for (const job of allJobs) await runJob(job);
    },
    listen() {
      return new Promise((resolve) => {
        listening = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => resolve(info.port));
      });
    },
    async close() {
      for (const t of timers) clearInterval(t);
      if (listening) {
        const server = listening;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await Promise.allSettled([...deps.background]);
      await db.close();
    },
  };
}

/**
 * Starts a listening server with graceful shutdown on SIGINT/SIGTERM (what
 * `healthtrace serve` runs).
 *
 * @param overrides - port, data dir, database URL….
 * @returns the running server and its port.
 * @example
 * ```ts
 * const { port } = await startServer({ port: 8787 });
 * ```
 */
export async function startServer(overrides: ConfigOverrides = {}): Promise<{ server: HealthtraceServer; port: number }> {
  const config = loadConfig(overrides);
  const server = await createHealthtraceServer({ config });
  const port = await server.listen();
  server.deps.logger.info({ port, database: server.deps.db.kind }, 'healthtrace server listening');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    server.deps.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return { server, port };
}
