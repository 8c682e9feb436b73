/**
 * A tiny static server for the page, on 127.0.0.1, with an in-process `@healthtrace/server` behind `/v1/*` (same
 * origin, so no CORS). Any other path serves the page, so the venue QR URL `<origin>/V#<payload>` opens it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHealthtraceServer, createLogger, type HealthtraceServer, loadConfig } from '@healthtrace/server';
import { buildPage, DIST_DIR } from './build';

/** A running example. */
export interface RunningExample {
  /** The page's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The healthtrace server (its database, config…). */
  server: HealthtraceServer;
  /** The health-authority token of the server's configuration. */
  healthAuthorityToken: string;
  /** Stops both servers and removes the temporary data folder. */
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

async function toFetchRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks);
  return new Request(new URL(req.url ?? '/', origin), { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) });
}

/**
 * Builds the page and starts both servers.
 *
 * @param options - the port (default 0: any free port).
 * @returns the running example.
 */
export async function startExample(options: { port?: number } = {}): Promise<RunningExample> {
  await buildPage();
  const files = new Map(['index.html', 'app.js', 'app.js.map'].map((f) => [`/${f}`, readFileSync(join(DIST_DIR, f))]));
  let api: HealthtraceServer | undefined;
  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/v1/') || path === '/healthz') {
      toFetchRequest(req, origin)
        .then((request) => api!.fetch(request))
        .then(async (response) => {
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch((error: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(error.message);
        });
      return;
    }
    const file = files.get(path) ?? files.get('/index.html')!;
    const name = files.has(path) ? path : '/index.html';
    res.writeHead(200, {
      'content-type': TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(file);
  });
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'web-declaration-'));
  // Venue QR codes the server issues point at this page (`<origin>/v#…`).
  const config = { ...loadConfig({ dataDir, port: 0, publicBaseUrl: origin }), corsOrigins: [] };
  api = await createHealthtraceServer({ config, database: 'memory', logger: createLogger({ level: 'silent' }), jobs: false });
  const server = api;
  return {
    url: origin,
    server,
    healthAuthorityToken: config.healthAuthorityTokens[0]!,
    async close() {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
