import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const cliBin = fileURLToPath(new URL('../../../cli/src/bin.ts', import.meta.url));

/** A `healthtrace serve` child process on a loopback port. */
export interface ServerProcess {
  /** The child. */
  child: ChildProcess;
  /** Bound port. */
  port: number;
  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string;
  /** Resolves with the exit code (or signal name) once the child has exited. */
  exited: Promise<number | string>;
  /** Everything the child wrote on stdout and stderr so far. */
  output(): string;
}

/**
 * Spawns the real CLI (`healthtrace serve --port 0`) through tsx on the workspace sources and
 * waits for its "listening" line. `env` replaces the configuration environment: variables
 * named `HEALTHTRACE_*` and `DATABASE_URL` of this process are NOT inherited (a fresh machine).
 */
export async function spawnServe(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('HEALTHTRACE_') && k !== 'DATABASE_URL' && !k.startsWith('VITEST')),
  );
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, '--conditions=@healthtrace/source', cliBin, 'serve', '--port', '0', ...args],
    { cwd: repoRoot, env: { ...inherited, NODE_ENV: 'production', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    const check = (): void => {
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stderr?.on('data', check);
    child.stdout?.on('data', check);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output}`));
    });
  });
  return { child, port, url: (path) => `http://127.0.0.1:${port}${path}`, exited, output: () => output };
}

/** A fresh PostgreSQL database on the test server, or `undefined` when none is configured. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const adminUrl = process.env.HEALTHTRACE_TEST_DATABASE_URL;
  if (!adminUrl) return undefined;
  const name = `ht_rel_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
