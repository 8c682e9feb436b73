import type { Context } from 'hono';
import { issuePersonalQr } from '../declarations/personal-qr';
import {
  auditReads,
  declarationIdempotencyScope,
  eraseDeclaration,
  getDeclaration,
  hashDeletionToken,
  listDeclarations,
  prepareDeclaration,
} from '../declarations/store';
import { DECLARATION_TYPES, localeOf, validateSubmission } from '../declarations/validate';
import { createDeclarationWriter } from '../declarations/writer';
import { isIsoDate, readPageLimit } from '../enterprise/common';
import type { AppEnv, RouteRegistration } from '../http/context';
import { assertIdempotencyKey, requestHash } from '../http/idempotency';
import { readJsonObject } from '../http/json-body';
import { HttpProblem } from '../http/problem';

/** The caller may read declarations: health authority, or an API key with `declarations:read`. */
function requireDeclarationReader(c: Context<AppEnv>): void {
  const caller = c.get('caller');
  if (caller.kind === 'anonymous') throw new HttpProblem(401, 'unauthorized', 'Credentials required');
  if (caller.kind === 'api-key' && !caller.scopes.includes('declarations:read'))
    throw new HttpProblem(403, 'forbidden', 'The API key lacks the declarations:read scope');
}

/**
 * Declarations: `POST /v1/declarations` (citizens anonymously, or an enterprise API key with
 * `declarations:write` for its employees), `GET /v1/declarations` (health authority, or an API key
 * with `declarations:read` — its own tenant's declarations only), `GET`/`DELETE
 * /v1/declarations/{id}` (audited read; erasure by deletion token or health authority).
 */
export const registerDeclarationRoutes: RouteRegistration = (app, deps) => {
  // Up to 32 rows a batch (two batches in flight on the embedded database): batches grow with the load up to the cap, so a
  // commit carries many rows while the next batch is being parsed (see `maxBatch` in writer.ts;
  // measured best on both engines; several server processes each bring their own batch).
  const writer = createDeclarationWriter(deps);
  app.post('/v1/declarations', async (c) => {
    const caller = c.get('caller');
    if (caller.kind === 'api-key' && !caller.scopes.includes('declarations:write'))
      throw new HttpProblem(403, 'forbidden', 'The API key lacks the declarations:write scope');
    const tenantId = caller.kind === 'api-key' ? caller.tenantId : null;
    const body = await readJsonObject(c);
    const submission = await validateSubmission(body, localeOf(c.req.header('Accept-Language')));
    const key = c.req.header('Idempotency-Key');
    if (key !== undefined) assertIdempotencyKey(key);
    // Batched with the submissions arriving meanwhile; answered once committed. The stored
    // receipt holds the deletion token: the writer keeps it sealed at rest.
    const result = await writer.write({
      prepared: prepareDeclaration(deps, submission, tenantId, key),
      idempotency: key === undefined ? undefined : { scope: declarationIdempotencyScope(tenantId), key, hash: requestHash(body) },
    });
    // The personal QR is issued after the commit, outside the batch, and never stored: the sealed
    // receipt kept for replays has no `qr`, and a replay (200) gets a freshly issued one (same
    // status bits, new pseudonym), so a client that lost the first response still gets a code.
    const qr = issuePersonalQr(deps, submission);
    return c.json(qr === undefined ? result.body : { ...result.body, qr }, result.replayed ? 200 : result.status);
  });

  app.get('/v1/declarations', async (c) => {
    requireDeclarationReader(c);
    const caller = c.get('caller');
    const date = c.req.query('date');
    const type = c.req.query('type');
    const ward = c.req.query('ward');
    const enterprise = c.req.query('enterprise');
    const cursor = c.req.query('cursor');
    if (date !== undefined && !isIsoDate(date)) throw new HttpProblem(400, 'bad-query', 'date must be YYYY-MM-DD');
    if (type !== undefined && !DECLARATION_TYPES.includes(type)) throw new HttpProblem(400, 'bad-query', 'type is not a declaration kind');
    if (ward !== undefined && !/^[0-9]{5}$/.test(ward)) throw new HttpProblem(400, 'bad-query', 'ward must be a 5-digit ward code');
    if (cursor !== undefined && cursor.length > 200) throw new HttpProblem(400, 'bad-cursor', 'cursor is too long');
    let tenantId = enterprise;
    if (caller.kind === 'api-key') {
      if (enterprise !== undefined && enterprise !== caller.tenantId)
        throw new HttpProblem(403, 'forbidden', 'The API key belongs to another tenant');
      tenantId = caller.tenantId;
    }
    const page = await listDeclarations(deps, { date, type, ward, tenantId }, cursor, readPageLimit(c));
    await auditReads(deps.db, caller, page.items);
    return c.json(page, 200);
  });

  app.get('/v1/declarations/:declarationId', async (c) => {
    requireDeclarationReader(c);
    const caller = c.get('caller');
    const found = await getDeclaration(deps, c.req.param('declarationId'));
    // Another tenant's declaration is reported as absent: its existence is not disclosed.
    if (!found || (caller.kind === 'api-key' && found.tenantId !== caller.tenantId))
      throw new HttpProblem(404, 'not-found', 'No such declaration');
    await auditReads(deps.db, caller, [found]);
    return c.json(found, 200);
  });

  app.delete('/v1/declarations/:declarationId', async (c) => {
    const caller = c.get('caller');
    const token = c.req.header('X-Deletion-Token');
    const authority = caller.kind === 'health-authority';
    if (!authority && token === undefined) {
      if (caller.kind === 'anonymous')
        throw new HttpProblem(401, 'unauthorized', 'A deletion token or a health-authority token is required');
      throw new HttpProblem(403, 'forbidden', 'Only the declarant (deletion token) or the health authority may erase');
    }
    if (!authority && token !== undefined && (token.length < 16 || token.length > 128))
      throw new HttpProblem(403, 'forbidden', 'The deletion token does not match');
    const id = c.req.param('declarationId');
    const outcome = authority
      ? await eraseDeclaration(deps, id, undefined, 'health-authority')
      : await eraseDeclaration(deps, id, hashDeletionToken(token as string), 'declarant');
    if (outcome === 'not-found') throw new HttpProblem(404, 'not-found', 'No such declaration');
    if (outcome === 'forbidden') throw new HttpProblem(403, 'forbidden', 'The deletion token does not match');
    return c.body(null, 204);
  });
};
