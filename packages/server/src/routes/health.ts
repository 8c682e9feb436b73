import type { RouteRegistration } from '../http/context';
import { HttpProblem } from '../http/problem';
import { SERVER_VERSION } from '../version';

/** `GET /healthz` (alive) and `GET /readyz` (database reachable, migrations applied). */
export const registerHealthRoutes: RouteRegistration = (app, deps) => {
  app.get('/healthz', (c) => c.json({ status: 'ok' as const, version: SERVER_VERSION }));
  app.get('/readyz', async (c) => {
    try {
      await deps.db.query('SELECT 1 FROM schema_migrations LIMIT 1');
    } catch (error) {
      throw new HttpProblem(503, 'not-ready', 'Database not ready', { detail: error instanceof Error ? error.message : String(error) });
    }
    return c.json({ status: 'ok' as const, version: SERVER_VERSION });
  });
};
