import { requireHealthAuthority } from '../http/auth';
import type { RouteRegistration } from '../http/context';
import { readJsonObject } from '../http/json-body';
import { HttpProblem } from '../http/problem';
import { bluezoneF0Since, publishBluezoneF0 } from '../key-server/bluezone';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Bluezone F0: `GET /v1/bluezone/f0?since=` (phones) and `POST /v1/bluezone/f0` (health authority). */
export const registerBluezoneRoutes: RouteRegistration = (app, deps) => {
  app.get('/v1/bluezone/f0', async (c) => {
    const sinceText = c.req.query('since');
    let since: Date | undefined;
    if (sinceText !== undefined) {
      since = new Date(sinceText);
      if (!DATE_TIME.test(sinceText) || Number.isNaN(since.getTime()))
        throw new HttpProblem(400, 'bad-request', 'since must be an RFC 3339 date-time');
    }
    return c.body(await bluezoneF0Since(deps, since), 200, { 'content-type': 'application/json', 'Cache-Control': 'public, max-age=60' });
  });
  app.post('/v1/bluezone/f0', async (c) => {
    requireHealthAuthority(c);
    return c.json(await publishBluezoneF0(deps, await readJsonObject(c)), 201);
  });
};
