import type { RouteRegistration } from '../http/context';
import { HttpProblem } from '../http/problem';
import { listExportFiles, readExportFile } from '../key-server/exports';

const FILE_NAME = /^[A-Za-z0-9._-]+\.zip$/;

/**
 * Export files: `GET /v1/exports/index.txt` (one file name per line, oldest first; hourly files,
 * or daily ones with `?period=daily`) and `GET /v1/exports/{fileName}` (the signed zip).
 */
export const registerExportRoutes: RouteRegistration = (app, deps) => {
  app.get('/v1/exports/index.txt', async (c) => {
    const period = c.req.query('period') ?? 'hourly';
    if (period !== 'hourly' && period !== 'daily') throw new HttpProblem(400, 'bad-request', 'period must be hourly or daily');
    const names = await listExportFiles(deps, period);
    return c.body(names.map((n) => `${n}\n`).join(''), 200, {
      'content-type': 'text/plain; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    });
  });
  app.get('/v1/exports/:fileName', async (c) => {
    const name = c.req.param('fileName');
    const zip = FILE_NAME.test(name) ? await readExportFile(deps, name) : undefined;
    if (!zip) throw new HttpProblem(404, 'not-found', 'No such export file');
    return c.body(zip as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/zip',
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
};
