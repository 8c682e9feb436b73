/**
 * HTTP benchmark of the declaration write path (`pnpm bench:server`): autocannon on loopback
 * against REAL listening servers, each in its own child process (so the load generator and the
 * server do not share an event loop):
 *   1. a bare Hono endpoint (`POST /echo`: parse JSON, answer 201) — the reference;
 *   2. healthtrace on embedded PGlite (`POST /v1/declarations`, a valid domestic declaration:
 *      validation + AES-GCM encryption + durable insert);
 *   2b. the same with the group-commit writer (`src/storage/group-commit.ts`) in front of PGlite;
 *   3. the same on PostgreSQL when `HEALTHTRACE_TEST_DATABASE_URL` is set (a fresh database), also
 *      with group commit.
 * For each: saturated throughput (requests/s, ratio to bare Hono, latency percentiles), then
 * latency at a fixed 1,000 requests/s. Floors (issue 8): ≥ 3,000 req/s on PGlite, ≥ 5,000 on
 * PostgreSQL, each ≥ 40 % of bare Hono, p99 ≤ 50 ms at 1,000 req/s.
 *
 * Usage: `tsx --conditions=@healthtrace/source bench/http.ts [--json] [--duration 10] [--connections 64]`
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMESTIC_EXPOSURES, DOMESTIC_SYMPTOMS, UNDERLYING_CONDITIONS } from '@healthtrace/declaration';
import autocannon from 'autocannon';
import pg from 'pg';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};

// ---- child mode: one server, prints "PORT <n>" when listening ------------------------------------

async function serveTarget(kind: string, databaseUrl: string | undefined, dataDir: string | undefined): Promise<void> {
  if (kind === 'bare') {
    const { Hono } = await import('hono');
    const { serve } = await import('@hono/node-server');
    const app = new Hono();
    app.post('/echo', async (c) => {
      const body = (await c.req.json()) as Record<string, unknown>;
      return c.json({ id: randomBytes(16).toString('hex'), type: String(body.type) }, 201);
    });
    serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`PORT ${info.port}\n`));
    return;
  }
  const { createHealthtraceServer, loadConfig, createLogger, openPglite, openPostgres } = await import('../src/index');
  const { groupCommitDatabase } = await import('../src/storage/group-commit');
  const config = loadConfig(
    { port: 0, dataDir: dataDir ?? mkdtempSync(join(tmpdir(), 'healthtrace-bench-')), ...(databaseUrl ? { databaseUrl } : {}) },
    { HEALTHTRACE_RATE_LIMIT_IP: '0', HEALTHTRACE_RATE_LIMIT_KEY: '0' },
  );
  // Request logs are written as in production (JSON lines on stdout); the parent discards them.
  const logger = createLogger({ level: 'info', destination: process.stderr });
  // `healthtrace-group-commit`: the database behind the group-commit writer (src/storage/group-commit.ts).
  const database =
    kind === 'healthtrace-group-commit'
      ? groupCommitDatabase(databaseUrl ? await openPostgres(databaseUrl) : await openPglite(join(config.dataDir, 'db')))
      : undefined;
  const server = await createHealthtraceServer({ config, logger, ...(database ? { database } : {}) });
  const port = await server.listen();
  process.stdout.write(`PORT ${port}\n`);
  process.once('SIGTERM', () => {
    server.close().then(() => process.exit(0));
  });
}

// ---- parent mode -------------------------------------------------------------------------------
interface Figures {
  target: string;
  requestsPerSecond: number;
  ratioToBareHono: number | null;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  non2xx: number;
  fixedRate?: { requestsPerSecond: number; p50: number; p99: number; max: number; non2xx: number; errors: number };
}

const no = (keys: readonly string[]): Record<string, boolean> => Object.fromEntries(keys.map((k) => [k, false]));
/** A valid domestic declaration (2025 address: Phường Ba Đình, Hà Nội), as a citizen app submits it. */
const DECLARATION = JSON.stringify({
  type: 'domestic',
  data: {
    declarationDate: new Date().toISOString().slice(0, 10),
    fullName: 'NGUYỄN VĂN AN',
    idNumber: '001090123456',
    birthYear: 1990,
    sex: 'male',
    nationality: 'VN',
    address: { provinceCode: '01', wardCode: '00004', street: 'Số 1, phố Đội Cấn' },
    phone: '+84912345678',
    travelled: false,
    symptoms: { ...no(DOMESTIC_SYMPTOMS), cough: true },
    exposure: no(DOMESTIC_EXPOSURES),
    underlyingConditions: no(UNDERLYING_CONDITIONS),
  },
});

function startChild(kind: string, extra: string[]): Promise<{ child: ChildProcess; port: number }> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, self, '--serve', kind, ...extra], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function load(url: string, body: string, options: { duration: number; connections: number; overallRate?: number }) {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duration: options.duration,
    connections: options.connections,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  });
}

async function measure(
  target: string,
  kind: string,
  extra: string[],
  path: string,
  duration: number,
  connections: number,
  fixedRate: boolean,
): Promise<Figures> {
  const { child, port } = await startChild(kind, extra);
  try {
    const url = `http://127.0.0.1:${port}${path}`;
    await load(url, DECLARATION, { duration: 2, connections }); // warm-up (JIT, caches, connection pool)
    const r = await load(url, DECLARATION, { duration, connections });
    const figures: Figures = {
      target,
      requestsPerSecond: Math.round(r.requests.average),
      ratioToBareHono: null,
      latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
    };
    if (fixedRate) {
      const f = await load(url, DECLARATION, { duration, connections: 50, overallRate: 1000 });
      figures.fixedRate = {
        requestsPerSecond: Math.round(f.requests.average),
        p50: f.latency.p50,
        p99: f.latency.p99,
        max: f.latency.max,
        non2xx: f.non2xx,
        errors: f.errors + f.timeouts,
      };
    }
    return figures;
  } finally {
    child.kill('SIGTERM');
  }
}

async function runBenchmark(): Promise<void> {
  const json = args.includes('--json');
  const duration = Number(flag('--duration') ?? 10);
  const connections = Number(flag('--connections') ?? 64);
  const log = (line: string): void => {
    if (!json) process.stdout.write(`${line}\n`);
  };
  log(`healthtrace HTTP benchmark — autocannon on loopback, ${connections} connections, ${duration} s per run, Node ${process.version}`);
  const results: Figures[] = [];
  const bare = await measure('bare Hono (POST /echo)', 'bare', [], '/echo', duration, connections, false);
  results.push(bare);
  const dataDir = mkdtempSync(join(tmpdir(), 'healthtrace-bench-'));
  try {
    results.push(
      await measure('healthtrace on PGlite', 'healthtrace', ['--data-dir', dataDir], '/v1/declarations', duration, connections, true),
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const gcDir = mkdtempSync(join(tmpdir(), 'healthtrace-bench-'));
  try {
    results.push(
      await measure(
        '  … + group commit',
        'healthtrace-group-commit',
        ['--data-dir', gcDir],
        '/v1/declarations',
        duration,
        connections,
        true,
      ),
    );
  } finally {
    rmSync(gcDir, { recursive: true, force: true });
  }
  const adminUrl = process.env.HEALTHTRACE_TEST_DATABASE_URL;
  if (adminUrl) {
    const name = `ht_bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const pgDir = mkdtempSync(join(tmpdir(), 'healthtrace-bench-'));
    try {
      const pgArgs = ['--data-dir', pgDir, '--database-url', url.toString()];
      results.push(await measure('healthtrace on PostgreSQL', 'healthtrace', pgArgs, '/v1/declarations', duration, connections, true));
      results.push(
        await measure('  … + group commit', 'healthtrace-group-commit', pgArgs, '/v1/declarations', duration, connections, true),
      );
    } finally {
      await new Promise((r) => setTimeout(r, 500));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      rmSync(pgDir, { recursive: true, force: true });
    }
  } else {
    log('(PostgreSQL skipped: set HEALTHTRACE_TEST_DATABASE_URL)');
  }
  for (const r of results) r.ratioToBareHono = Math.round((r.requestsPerSecond / bare.requestsPerSecond) * 1000) / 1000;
  if (json) {
    process.stdout.write(`${JSON.stringify({ node: process.version, connections, durationSeconds: duration, results }, null, 2)}\n`);
    return;
  }
  for (const r of results) {
    log(
      `${r.target.padEnd(28)} ${String(r.requestsPerSecond).padStart(6)} req/s  ${((r.ratioToBareHono ?? 0) * 100).toFixed(1).padStart(5)} % of bare Hono` +
        `  latency p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms` +
        `  (errors ${r.errors}, non-2xx ${r.non2xx})`,
    );
    if (r.fixedRate)
      log(
        `${''.padEnd(28)} at a fixed 1,000 req/s: ${r.fixedRate.requestsPerSecond} req/s served, p50 ${r.fixedRate.p50} ms, p99 ${r.fixedRate.p99} ms, max ${r.fixedRate.max} ms (non-2xx ${r.fixedRate.non2xx})`,
      );
  }
}

// Child mode (`--serve <kind>`) or the benchmark itself.
const serveKind = flag('--serve');
if (serveKind !== undefined) {
  await serveTarget(serveKind, flag('--database-url'), flag('--data-dir'));
} else {
  await runBenchmark();
}
