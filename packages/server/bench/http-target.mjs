/**
 * One server under load in `pnpm bench:server`, started by bench/http.ts in a child process of its own. Plain
 * JavaScript on plain `node` importing the BUILT package (dist), as `healthtrace serve` runs it: no TypeScript
 * loader in the measured process (tsx's per-function `__name` wrappers and source maps cost ~10 % here).
 *
 * Usage: `node bench/http-target.mjs <kind> [--data-dir D] [--database-url U] [--workers N] [--personal-qr]`,
 * kind = bare | healthtrace | healthtrace-inline | healthtrace-cluster; prints `PORT <n>` once listening.
 */
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [kind, ...args] = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};

if (kind === 'bare') {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono();
  app.post('/echo', async (c) => {
    const body = await c.req.json();
    return c.json({ id: randomBytes(16).toString('hex'), type: String(body.type) }, 201);
  });
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`PORT ${info.port}\n`));
} else if (kind === 'healthtrace-cluster' && cluster.isPrimary) {
  // Several stateless server processes on one port (round-robin by the primary), one database.
  const workers = Number(flag('--workers') ?? 2);
  let announced = false;
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('message', (m) => {
      if (m.port !== undefined && !announced) {
        announced = true;
        process.stdout.write(`PORT ${m.port}\n`);
      }
    });
  }
  process.once('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 2000).unref();
  });
} else {
  const { createHealthtraceServer, loadConfig, createLogger, openPglite } = await import('@healthtrace/server');
  const databaseUrl = flag('--database-url');
  const config = loadConfig(
    {
      // Cluster workers listening on port 0 all get the same port (node:cluster).
      port: 0,
      dataDir: flag('--data-dir') ?? mkdtempSync(join(tmpdir(), 'healthtrace-bench-')),
      ...(databaseUrl ? { databaseUrl } : {}),
      ...(args.includes('--personal-qr') ? { personalQr: { enabled: true } } : {}),
    },
    { HEALTHTRACE_RATE_LIMIT_IP: '0', HEALTHTRACE_RATE_LIMIT_KEY: '0' },
  );
  // Request logs are written as `healthtrace serve` writes them (JSON lines, pino's asynchronous
  // destination), to stderr, which the parent discards.
  const logger = createLogger({ level: 'info', destination: 2 });
  // `healthtrace-inline`: PGlite on the main thread instead of its worker thread.
  const database = kind === 'healthtrace-inline' ? await openPglite(join(config.dataDir, 'db')) : undefined;
  const server = await createHealthtraceServer({ config, logger, ...(database ? { database } : {}) });
  const port = await server.listen();
  if (cluster.isWorker) process.send?.({ port });
  else process.stdout.write(`PORT ${port}\n`);
  process.once('SIGTERM', () => {
    server.close().then(() => process.exit(0));
  });
}
