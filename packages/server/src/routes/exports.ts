import type { Context } from 'hono';
import type { AppEnv, RouteRegistration } from '../http/context';
import { HttpProblem } from '../http/problem';
import { listExportFiles, readExportFile } from '../key-server/exports';

const FILE_NAME = /^[A-Za-z0-9._-]+\.zip$/;

/**
 * Export files: `GET /v1/exports/index.txt` (one file name per line, oldest first; hourly files,
 * or daily ones with `?period=daily`) and `GET /v1/exports/{fileName}` (the signed zip).
 */
export const registerExportRoutes: RouteRegistration = (app, deps) => {
  const index = async (c: Context<AppEnv>): Promise<Response> => {
    const period = c.req.query('period') ?? 'hourly';
    if (period !== 'hourly' && period !== 'daily') throw new HttpProblem(400, 'bad-request', 'period must be hourly or daily');
    const names = await listExportFiles(deps, period);
    return c.body(names.map((n) => `${n}\n`).join(''), 200, {
      'content-type': 'text/plain; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    });
  };
  // One route for both paths: a static path beside a parameter at the same place would make Hono
  // fall back from its RegExpRouter to the slower TrieRouter for EVERY route (~1 µs a request).
  app.get('/v1/exports/:fileName', async (c) => {
    const name = c.req.param('fileName');
    if (name === 'index.txt') return index(c);
    const zip = FILE_NAME.test(name) ? await readExportFile(deps, name) : undefined;
    if (!zip) throw new HttpProblem(404, 'not-found', 'No such export file');
    return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/zip',
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
};
