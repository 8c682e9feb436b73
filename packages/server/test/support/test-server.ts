import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type ServerConfig } from '../../src/config';
import { createLogger } from '../../src/logging';
import { createHealthtraceServer, type HealthtraceServer } from '../../src/server';
import type { TestDatabase } from './databases';

/** A health-authority token the test servers accept. */
export const HA_TOKEN = 'test-health-authority-token-0123456789';

/**
 * Starts an in-process server on a fresh database of the given kind, with a temporary data
 * folder and silent logs. Call `close()` when done.
 */
export async function startTestServer(
  database: TestDatabase,
  overrides: Partial<ServerConfig> = {},
  options: { now?: () => Date } = {},
): Promise<HealthtraceServer & { config: ServerConfig; url: (path: string) => string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'healthtrace-server-'));
  const config: ServerConfig = {
    ...loadConfig({ dataDir, port: 0 }, { HEALTHTRACE_HA_TOKENS: HA_TOKEN }),
    rateLimitPerIpPerMinute: 0,
    rateLimitPerKeyPerMinute: 0,
    ...overrides,
  };
  const db = await database.open();
  const server = await createHealthtraceServer({
    config,
    database: db,
    logger: createLogger({ level: 'silent' }),
    jobs: false,
    ...(options.now ? { now: options.now } : {}),
  });
  const close = server.close;
  return Object.assign(server, {
    config,
    url: (path: string) => `http://healthtrace.test${path}`,
    async close() {
      await close();
      await db.drop().catch(() => {});
    },
  });
}
