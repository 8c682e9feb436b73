/**
 * HTTP benchmark of the declaration write path (`pnpm bench:server`): autocannon on loopback
 * against REAL listening servers, each in its own child process (so the load generator and the
 * server do not share an event loop) running plain `node` on the BUILT package as `healthtrace
 * serve` does (bench/http-target.mjs; `pnpm bench:server` builds first), all measured in the
 * same run with the same settings:
 *   1. bare Hono on `@hono/node-server` (`POST /echo`: parse the JSON body, answer 201 JSON) — the reference,
 *      measured alone at the start, then once more beside each healthtrace target: both servers up, loaded
 *      in alternate rounds (`--rounds`, default 4, of `--duration / --rounds` seconds each), and the target's
 *      ratio is its requests/s over all its rounds to bare Hono's over the rounds between them. This
 *      machine's speed drifts by a third within a minute (shared cores: the CPU time a request costs rises
 *      and falls on every thread at once), so a bare figure taken before a target, or one long round each, is
 *      compared with a machine of another speed;
 *   2. healthtrace on embedded PGlite as `healthtrace serve` runs it (`POST /v1/declarations`, a
 *      valid domestic declaration: validation + AES-GCM encryption + durable insert; the engine in
 *      its worker thread, submissions batched by the declaration writer);
 *   2b. the same with PGlite on the main thread (`openPglite`), for comparison;
 *   3. healthtrace on PostgreSQL when `HEALTHTRACE_TEST_DATABASE_URL` is set (a fresh database):
 *      one process, then `--workers` processes (node:cluster, one port; the issue's "several
 *      stateless server processes on one PostgreSQL").
 * For each: saturated throughput (requests/s, ratio to bare Hono and its value round by round, latency
 * percentiles: p50/p90 the median of the rounds', p99/max the worst round's), then latency at 1,000
 * requests/s evenly paced (autocannon's bursty `overallRate` figure beside it). Two references at that same
 * steady rate tell where a latency tail comes from: bare Hono (the machine and HTTP on loopback, no database),
 * and, for each PostgreSQL target, durable commits straight to its database (the database's own WAL flushes on
 * this machine's disk), a few beside the target's paced run and then 1,000 a second alone. Floors (issue 8): ≥ 3,000 req/s on PGlite, ≥ 5,000 on
 * PostgreSQL, each ≥ 40 % of bare Hono, p99 ≤ 50 ms at 1,000 req/s; each line says whether it
 * meets them (judged on the target's own figures; the references only explain them).
 *
 * The healthtrace targets run the DEFAULT configuration (personal QR issuance off). With
 * `--with-personal-qr`, one more target measures PGlite with `declarations.personalQr` enabled (a
 * signed personal QR in every receipt), so the cost of issuance is measured in the same run.
 *
 * Usage: `tsx --conditions=@healthtrace/source bench/http.ts [--json] [--duration 10] [--connections 64] [--rounds 4] [--workers 2] [--with-personal-qr]`
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DOMESTIC_EXPOSURES, DOMESTIC_SYMPTOMS, UNDERLYING_CONDITIONS } from '@healthtrace/declaration';
import autocannon from 'autocannon';
import pg from 'pg';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};

// ---- parent mode -------------------------------------------------------------------------------
interface Figures {
  target: string;
  requestsPerSecond: number;
  ratioToBareHono: number | null;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  non2xx: number;
  /**
   * The target at a steady 1,000 requests/s, evenly paced (the floor's measurement; see {@link paced}), with the
   * load generator's own worst lateness in sending.
   */
  fixedRate?: PacedFigures;
  /**
   * PostgreSQL targets: durable commits straight to the database ({@link openCommitProbe}), one every 20 ms during the
   * target's paced run (did the database stall at the same moments?).
   */
  databaseDuringFixedRate?: PacedFigures;
  /** PostgreSQL targets: the database alone at 1,000 commits a second ({@link openCommitProbe}), right after. */
  databaseAlone?: PacedFigures;
  /** The same rate as autocannon's `overallRate` sends it (bursts at the start of each second), for comparison. */
  fixedRateAutocannon?: { p50: number; p99: number; max: number; non2xx: number; errors: number };
  /** Bare Hono's requests/s over the rounds that alternated with this target's (the ratio's denominator). */
  bareRequestsPerSecond?: number;
  /** This target's requests/s over bare Hono's, round by round (its round against the bare round next to it). */
  roundRatios?: number[];
  /** The throughput floor for this database (req/s), when it has one. */
  floorRequestsPerSecond?: number;
  /** Whether every floor holds: throughput, ≥ 40 % of bare Hono, p99 ≤ 50 ms at 1,000 req/s, no errors. */
  meetsFloors?: boolean;
}

/** Latency at a steady rate, evenly paced ({@link paced}). */
interface PacedFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Requests answered later than the floor's 50 ms. */
  over50Ms: number;
  non2xx: number;
  errors: number;
  /** The load generator's own worst lateness in sending (its event loop held up), ms. */
  generatorLagMs: number;
}

/** What one paced request ended in. */
type Outcome = 'ok' | 'non2xx' | 'error';

const FLOORS = { pglite: 3000, postgres: 5000, ratioToBareHono: 0.4, p99AtFixedRateMs: 50 };

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

/** Starts one server in a child process: plain `node` on the built package (bench/http-target.mjs). */
function startChild(kind: string, extra: string[]): Promise<{ child: ChildProcess; port: number }> {
  const target = fileURLToPath(new URL('./http-target.mjs', import.meta.url));
  const child = spawn(process.execPath, [target, kind, ...extra], { stdio: ['ignore', 'pipe', 'ignore'] });
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

/** One saturated round: responses completed, seconds it lasted, latency percentiles, failures. */
interface Round {
  requests: number;
  seconds: number;
  latency: Figures['latencyMs'];
  errors: number;
  non2xx: number;
}

async function saturate(url: string, duration: number, connections: number): Promise<Round> {
  const r = await load(url, DECLARATION, { duration, connections });
  return {
    requests: r.requests.total,
    seconds: r.duration,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

const perSecond = (round: Round): number => round.requests / round.seconds;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * The figures of a series of rounds: requests/s over all of them (responses / seconds), p50 and p90 the median of
 * the rounds', p99 and max the worst round's.
 */
function combine(target: string, rounds: readonly Round[]): Figures {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  return {
    target,
    requestsPerSecond: Math.round(requests / seconds),
    ratioToBareHono: null,
    latencyMs: {
      p50: median(rounds.map((r) => r.latency.p50)),
      p90: median(rounds.map((r) => r.latency.p90)),
      p99: Math.max(...rounds.map((r) => r.latency.p99)),
      max: Math.max(...rounds.map((r) => r.latency.max)),
    },
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
  };
}

/**
 * `rate` requests a second for `seconds`, evenly paced (open loop): request i is due at start + i / rate, `send`
 * makes it, and its latency runs from that due time to the end of its answer, so a stall of the server counts
 * against every request that should have gone out meanwhile, the way wrk2 measures. A request due while every
 * connection of `send` is busy waits for one, and that wait is part of its latency. An `'error'` outcome is
 * counted apart, without a latency.
 *
 * Why not autocannon's `overallRate` (shown beside it): it sends each connection's share of a second back to back
 * when the second starts (1,000 requests in a burst on 50 connections, then silence), and its coordinated-omission
 * correction uses an expected interval of `Math.ceil(1 / rate)` — 1 when a connection's rate is 20 a second, taken
 * as 1 ms where the interval is 50 ms — so one response 50 ms late is recorded with ~49 synthetic samples of
 * 49 ms … 1 ms. On this machine bare Hono itself reads p99 8–10 ms and max up to 56 ms that way.
 */
async function paced(rate: number, seconds: number, send: () => Promise<Outcome>): Promise<PacedFigures> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let lag = 0;
  const start = performance.now();
  const dueOf = (i: number): number => start + (i * 1000) / rate;
  const track = async (due: number): Promise<void> => {
    const outcome = await send();
    if (outcome === 'error') errors++;
    else {
      if (outcome === 'non2xx') non2xx++;
      latencies.push(performance.now() - due);
    }
  };
  const pending: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      // How late this process itself got round to sending (its event loop held up): counted in the latencies, as
      // the server's own stalls are, and reported apart so that a stall of the load generator can be told.
      if (next < total) lag = Math.max(lag, now - dueOf(next));
      while (next < total && dueOf(next) <= now) pending.push(track(dueOf(next++)));
      if (next < total) setTimeout(tick, Math.max(0, dueOf(next) - performance.now()));
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0) * 10) / 10;
  return {
    // Every request ends in a latency (an answer) or an error.
    requestsPerSecond: Math.round((latencies.length + errors) / elapsed),
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    over50Ms: latencies.filter((l) => l > FLOORS.p99AtFixedRateMs).length,
    non2xx,
    errors,
    generatorLagMs: Math.round(lag * 10) / 10,
  };
}

/** {@link paced} POSTs of the declaration to `url`, on up to `connections` keep-alive connections. */
async function pacedHttp(url: string, rate: number, seconds: number, connections: number): Promise<PacedFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const body = Buffer.from(DECLARATION);
  const { hostname, port, pathname } = new URL(url);
  try {
    return await paced(
      rate,
      seconds,
      () =>
        new Promise<Outcome>((resolve) => {
          const req = request(
            {
              agent,
              hostname,
              port,
              path: pathname,
              method: 'POST',
              headers: { 'content-type': 'application/json', 'content-length': body.length },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve((res.statusCode ?? 0) >= 300 ? 'non2xx' : 'ok'));
            },
          );
          req.on('error', () => resolve('error'));
          req.end(body);
        }),
    );
  } finally {
    agent.destroy();
  }
}

/**
 * Durable commits straight to PostgreSQL, evenly paced ({@link paced}): each one `INSERT` of a 1.5 KB row (about the
 * write-ahead log a declaration makes) in autocommit, on up to 8 connections to the target's database, into a table
 * of its own (dropped by `close`). No HTTP, no healthtrace: the database's own commit latency, so that a stall of
 * the database (a slow WAL flush on this machine's disk) can be told from one of the server — measured both beside
 * the target's paced run (a light probe at the same moments) and alone at the target's rate.
 */
async function openCommitProbe(
  databaseUrl: string,
): Promise<{ paced(rate: number, seconds: number): Promise<PacedFigures>; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
  const row = 'x'.repeat(1500);
  await pool.query('CREATE TABLE bench_commit_probe (id bigserial PRIMARY KEY, at timestamptz NOT NULL, body text NOT NULL)');
  return {
    paced: (rate, seconds) =>
      paced(rate, seconds, () =>
        pool.query('INSERT INTO bench_commit_probe (at, body) VALUES (now(), $1)', [row]).then(
          (): Outcome => 'ok',
          (): Outcome => 'error',
        ),
      ),
    close: async () => {
      await pool.query('DROP TABLE IF EXISTS bench_commit_probe').catch(() => undefined);
      await pool.end();
    },
  };
}

/** Bare Hono alone: warm-up, then `duration` seconds saturated, then `duration` seconds at 1,000 requests/s evenly paced. */
async function measureBare(duration: number, connections: number): Promise<Figures> {
  const { child, port } = await startChild('bare', []);
  try {
    const url = `http://127.0.0.1:${port}/echo`;
    await load(url, DECLARATION, { duration: 2, connections });
    const figures = combine('bare Hono (POST /echo)', [await saturate(url, duration, connections)]);
    figures.bareRequestsPerSecond = figures.requestsPerSecond;
    // The same steady rate as the targets get: this machine's own latency tail (HTTP on loopback, no database).
    figures.fixedRate = await pacedHttp(url, 1000, duration, 50);
    return figures;
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * A healthtrace target against bare Hono, both servers up at once and loaded in turn: `rounds` rounds of
 * `duration / rounds` seconds each, alternating bare → target and target → bare (so a drift in the machine's speed
 * that is linear over a pair of rounds weighs on both alike), then the target at 1,000 requests/s evenly paced
 * ({@link pacedHttp}, the floor's measurement) and as autocannon's `overallRate` sends them; on PostgreSQL (`extra`
 * has `--database-url`), with commits straight to the database beside that run, then the database alone at that
 * rate ({@link openCommitProbe}). The ratio is the target's responses per second over all its rounds to bare
 * Hono's over all of its.
 */
async function measureAgainstBare(
  target: string,
  kind: string,
  extra: string[],
  path: string,
  duration: number,
  connections: number,
  rounds: number,
): Promise<Figures> {
  const urlFlag = extra.indexOf('--database-url');
  const databaseUrl = urlFlag === -1 ? undefined : extra[urlFlag + 1];
  const bare = await startChild('bare', []);
  try {
    const { child, port } = await startChild(kind, extra);
    try {
      const bareUrl = `http://127.0.0.1:${bare.port}/echo`;
      const url = `http://127.0.0.1:${port}${path}`;
      // Warm-up (JIT, caches, connection pool).
      await load(bareUrl, DECLARATION, { duration: 2, connections });
      await load(url, DECLARATION, { duration: 2, connections });
      const slice = duration / rounds;
      const bareRounds: Round[] = [];
      const targetRounds: Round[] = [];
      for (let i = 0; i < rounds; i++) {
        if (i % 2 === 0) {
          bareRounds.push(await saturate(bareUrl, slice, connections));
          targetRounds.push(await saturate(url, slice, connections));
        } else {
          targetRounds.push(await saturate(url, slice, connections));
          bareRounds.push(await saturate(bareUrl, slice, connections));
        }
      }
      const figures = combine(target, targetRounds);
      figures.bareRequestsPerSecond = combine('bare', bareRounds).requestsPerSecond;
      figures.roundRatios = targetRounds.map((r, i) => Math.round((perSecond(r) / perSecond(bareRounds[i] as Round)) * 1000) / 1000);
      const probe = databaseUrl === undefined ? undefined : await openCommitProbe(databaseUrl);
      try {
        // On PostgreSQL, a commit every 20 ms straight to the database at the same moments as the target's run.
        const [fixedRate, during] = await Promise.all([pacedHttp(url, 1000, duration, 50), probe?.paced(50, duration)]);
        figures.fixedRate = fixedRate;
        if (during !== undefined) figures.databaseDuringFixedRate = during;
        if (probe !== undefined) figures.databaseAlone = await probe.paced(1000, duration);
      } finally {
        await probe?.close();
      }
      const f = await load(url, DECLARATION, { duration, connections: 50, overallRate: 1000 });
      figures.fixedRateAutocannon = {
        p50: f.latency.p50,
        p99: f.latency.p99,
        max: f.latency.max,
        non2xx: f.non2xx,
        errors: f.errors + f.timeouts,
      };
      return figures;
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    bare.child.kill('SIGTERM');
  }
}

/** A paced run's figures as printed. */
const pacedLine = (f: PacedFigures): string =>
  `${f.requestsPerSecond}/s served, p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms, ${f.over50Ms} over 50 ms ` +
  `(non-2xx ${f.non2xx}, errors ${f.errors}; load generator late by up to ${f.generatorLagMs} ms)`;

async function runBenchmark(): Promise<void> {
  const json = args.includes('--json');
  const duration = Number(flag('--duration') ?? 10);
  const connections = Number(flag('--connections') ?? 64);
  const workers = Number(flag('--workers') ?? 2);
  const rounds = Number(flag('--rounds') ?? 4);
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError('--rounds must be a positive integer');
  const log = (line: string): void => {
    if (!json) process.stdout.write(`${line}\n`);
  };
  const loadBefore = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  log(
    `healthtrace HTTP benchmark — autocannon on loopback, ${connections} connections, ${duration} s per run, Node ${process.version}, ` +
      `${cpus().length} CPUs, load average ${loadBefore}`,
  );
  const results: Figures[] = [];
  const bare = await measureBare(duration, connections);
  results.push(bare);
  const embedded: [string, string, string[]][] = [
    ['healthtrace on PGlite', 'healthtrace', []],
    ['  … engine on the main thread', 'healthtrace-inline', []],
  ];
  if (args.includes('--with-personal-qr')) embedded.push(['  … issuing personal QRs', 'healthtrace', ['--personal-qr']]);
  for (const [target, kind, extra] of embedded) {
    const dataDir = mkdtempSync(join(tmpdir(), 'healthtrace-bench-'));
    try {
      results.push(
        await measureAgainstBare(target, kind, ['--data-dir', dataDir, ...extra], '/v1/declarations', duration, connections, rounds),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const adminUrl = process.env.HEALTHTRACE_TEST_DATABASE_URL;
  if (adminUrl) {
    const pgTargets: [string, string, string[]][] = [
      ['healthtrace on PostgreSQL', 'healthtrace', []],
      [`  … ${workers} server processes`, 'healthtrace-cluster', ['--workers', String(workers)]],
    ];
    for (const [target, kind, extra] of pgTargets) {
      const name = `ht_bench_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const pgDir = mkdtempSync(join(tmpdir(), 'healthtrace-bench-'));
      try {
        const pgArgs = ['--data-dir', pgDir, '--database-url', url.toString(), ...extra];
        results.push(await measureAgainstBare(target, kind, pgArgs, '/v1/declarations', duration, connections, rounds));
      } finally {
        await new Promise((r) => setTimeout(r, 500));
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
        rmSync(pgDir, { recursive: true, force: true });
      }
    }
  } else {
    log('(PostgreSQL skipped: set HEALTHTRACE_TEST_DATABASE_URL)');
  }
  for (const r of results) {
    r.ratioToBareHono = Math.round((r.requestsPerSecond / (r.bareRequestsPerSecond ?? bare.requestsPerSecond)) * 1000) / 1000;
    if (r.target.includes('PGlite')) r.floorRequestsPerSecond = FLOORS.pglite;
    if (r.target.includes('PostgreSQL') || r.target.includes('server processes')) r.floorRequestsPerSecond = FLOORS.postgres;
    if (r.floorRequestsPerSecond !== undefined)
      r.meetsFloors =
        r.requestsPerSecond >= r.floorRequestsPerSecond &&
        r.ratioToBareHono >= FLOORS.ratioToBareHono &&
        r.fixedRate !== undefined &&
        r.fixedRate.p99 <= FLOORS.p99AtFixedRateMs &&
        r.errors +
          r.non2xx +
          r.fixedRate.errors +
          r.fixedRate.non2xx +
          (r.fixedRateAutocannon?.errors ?? 0) +
          (r.fixedRateAutocannon?.non2xx ?? 0) ===
          0;
  }
  const loadAfter = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ node: process.version, cpus: cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter, connections, durationSeconds: duration, floors: FLOORS, results }, null, 2)}\n`,
    );
    return;
  }
  for (const r of results) {
    log(
      `${r.target.padEnd(28)} ${String(r.requestsPerSecond).padStart(6)} req/s  ${((r.ratioToBareHono ?? 0) * 100).toFixed(1).padStart(5)} % of bare Hono` +
        `  latency p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms` +
        `  (errors ${r.errors}, non-2xx ${r.non2xx})` +
        (r === bare
          ? ''
          : `  [bare Hono in the alternate rounds: ${r.bareRequestsPerSecond} req/s; round by round ${(r.roundRatios ?? []).map((x) => (x * 100).toFixed(1)).join(' / ')} %]`) +
        (r.floorRequestsPerSecond === undefined
          ? ''
          : `  ${r.meetsFloors ? 'MEETS' : 'BELOW'} floors (≥ ${r.floorRequestsPerSecond} req/s, ≥ 40 %, p99 ≤ 50 ms at 1,000 req/s)`),
    );
    if (r.fixedRate)
      log(
        `${''.padEnd(28)} at a steady 1,000 req/s (evenly paced): ${pacedLine(r.fixedRate)}` +
          (r.fixedRateAutocannon
            ? `; autocannon overallRate 1,000 (bursts each second): p50 ${r.fixedRateAutocannon.p50} ms, p99 ${r.fixedRateAutocannon.p99} ms, max ${r.fixedRateAutocannon.max} ms`
            : ''),
      );
    if (r.databaseDuringFixedRate)
      log(
        `${''.padEnd(28)} PostgreSQL itself meanwhile (a durable 1.5 KB INSERT every 20 ms beside it): ${pacedLine(r.databaseDuringFixedRate)}`,
      );
    if (r.databaseAlone)
      log(
        `${''.padEnd(28)} PostgreSQL alone at 1,000 commits/s (a durable 1.5 KB INSERT each, 8 connections): ${pacedLine(r.databaseAlone)}`,
      );
  }
  log(`load average after: ${loadAfter} (other processes on this machine share its CPUs: compare runs)`);
}

await runBenchmark();
