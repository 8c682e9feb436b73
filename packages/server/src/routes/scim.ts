import type { Context } from 'hono';
import type { Queryable } from '../db/database';
import { auditPersonalReads } from '../enterprise/common';
import { deleteEmployee, type EmployeeRecord, getEmployee, insertEmployee, loadEmployees, updateEmployee } from '../enterprise/employees';
import {
  applyPatch,
  checkIfMatch,
  compileScimFilter,
  deleteGroup,
  etagOf,
  getGroup,
  listResponse,
  loadGroups,
  normaliseScimGroup,
  normaliseScimUser,
  readScimPaging,
  ScimProblem,
  saveGroup,
  scimFromProblem,
  toScimGroup,
  toScimUser,
} from '../enterprise/scim';
import type { AppEnv, RouteRegistration, ServerDeps } from '../http/context';
import { readJsonObject } from '../http/json-body';
import { HttpProblem } from '../http/problem';

type Handler = (c: Context<AppEnv>, tenantId: string) => Promise<Response>;

const SCIM_TYPE = 'application/scim+json';

function scimJson(body: unknown, status: 200 | 201, etag?: string): Response {
  // RFC 7644 §3.3: a created resource's URI is also sent as Location.
  const location = status === 201 ? (body as { meta?: { location?: string } }).meta?.location : undefined;
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': SCIM_TYPE, ...(etag ? { etag } : {}), ...(location ? { location } : {}) },
  });
}

/**
 * Wraps a SCIM handler: requires an API key with the `scim` scope (its tenant is the SCIM
 * tenant) and answers every error as a SCIM error (`application/scim+json`).
 */
function scim(handler: Handler): (c: Context<AppEnv>) => Promise<Response> {
  return async (c) => {
    try {
      const caller = c.get('caller');
      if (caller.kind === 'anonymous') throw new ScimProblem(401, 'An API key with the scim scope is required as a bearer token');
      if (caller.kind !== 'api-key') throw new ScimProblem(403, 'SCIM needs an enterprise API key');
      if (!caller.scopes.includes('scim')) throw new ScimProblem(403, 'The API key lacks the scim scope');
      return await handler(c, caller.tenantId);
    } catch (error) {
      const problem = error instanceof ScimProblem ? error : error instanceof HttpProblem ? scimFromProblem(error) : undefined;
      if (!problem) throw error;
      return new Response(JSON.stringify(problem.body()), {
        status: problem.status,
        headers: {
          'content-type': SCIM_TYPE,
          ...(problem.status === 401 ? { 'www-authenticate': 'Bearer realm="scim"' } : {}),
          'x-request-id': c.get('requestId'),
        },
      });
    }
  };
}

/** The `{id}` path parameter. */
const idParam = (c: Context<AppEnv>): string => c.req.param('id') ?? '';

async function requireUser(
  deps: ServerDeps,
  tenantId: string,
  id: string,
  forUpdate = false,
  db: Queryable = deps.db,
): Promise<EmployeeRecord> {
  const user = await getEmployee(deps, db, tenantId, id, forUpdate);
  if (!user) throw new ScimProblem(404, `User ${id.slice(0, 80)} not found`);
  return user;
}

/**
 * SCIM 2.0 provisioning (RFC 7643/7644) under `/scim/v2`: ServiceProviderConfig, Users
 * (list with filters and pagination, create, get, replace, patch, delete) and Groups (list,
 * create, get, patch, delete). The bearer token is an API key with the `scim` scope; its tenant
 * is the only tenant visible.
 */
export const registerScimRoutes: RouteRegistration = (app, deps) => {
  const base = (): string => deps.config.publicBaseUrl.replace(/\/$/, '');

  app.get(
    '/scim/v2/ServiceProviderConfig',
    scim(async () =>
      scimJson(
        {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
          documentationUri: 'https://github.com/healthtrace/healthtrace/tree/main/packages/server#enterprises',
          patch: { supported: true },
          bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
          filter: { supported: true, maxResults: 500 },
          changePassword: { supported: false },
          sort: { supported: false },
          etag: { supported: true },
          authenticationSchemes: [
            {
              type: 'oauthbearertoken',
              name: 'API key bearer token',
              description: 'An enterprise API key with the scim scope, sent as Authorization: Bearer',
              primary: true,
            },
          ],
          meta: { resourceType: 'ServiceProviderConfig', location: `${base()}/scim/v2/ServiceProviderConfig` },
        },
        200,
      ),
    ),
  );

  app.get(
    '/scim/v2/Users',
    scim(async (c, tenantId) => {
      const filter = compileScimFilter(c.req.query('filter'));
      const { startIndex, count } = readScimPaging(c.req.query('startIndex'), c.req.query('count'));
      const users = await loadEmployees(deps, deps.db, tenantId, filter.userNameEq);
      const matching = users.map((u) => toScimUser(u, base())).filter((r) => filter.matches(r));
      const body = listResponse(matching, startIndex, count);
      await auditPersonalReads(
        deps.db,
        c.get('caller'),
        'employee',
        (body.Resources as { id: string }[]).map((r) => r.id),
        tenantId,
      );
      return scimJson(body, 200);
    }),
  );

  app.post(
    '/scim/v2/Users',
    scim(async (c, tenantId) => {
      const input = normaliseScimUser(await readJsonObject(c));
      const user = await insertEmployee(deps, deps.db, tenantId, input, deps.now());
      await deps.emit(tenantId, 'employee.provisioned', { employeeIds: [user.id], source: 'scim' });
      return scimJson(toScimUser(user, base()), 201, etagOf(user.version));
    }),
  );

  app.get(
    '/scim/v2/Users/:id',
    scim(async (c, tenantId) => {
      const user = await requireUser(deps, tenantId, idParam(c));
      await auditPersonalReads(deps.db, c.get('caller'), 'employee', [user.id], tenantId);
      return scimJson(toScimUser(user, base()), 200, etagOf(user.version));
    }),
  );

  app.put(
    '/scim/v2/Users/:id',
    scim(async (c, tenantId) => {
      const input = normaliseScimUser(await readJsonObject(c));
      const user = await deps.db.transaction(async (tx) => {
        const current = await requireUser(deps, tenantId, idParam(c), true, tx);
        checkIfMatch(c.req.header('If-Match'), current.version);
        return (await updateEmployee(deps, tx, tenantId, current.id, input, deps.now())) as EmployeeRecord;
      });
      return scimJson(toScimUser(user, base()), 200, etagOf(user.version));
    }),
  );

  app.patch(
    '/scim/v2/Users/:id',
    scim(async (c, tenantId) => {
      const body = await readJsonObject(c);
      const user = await deps.db.transaction(async (tx) => {
        const current = await requireUser(deps, tenantId, idParam(c), true, tx);
        checkIfMatch(c.req.header('If-Match'), current.version);
        const patched = applyPatch(toScimUser(current, base()), body);
        const input = normaliseScimUser(patched);
        return (await updateEmployee(deps, tx, tenantId, current.id, input, deps.now())) as EmployeeRecord;
      });
      return scimJson(toScimUser(user, base()), 200, etagOf(user.version));
    }),
  );

  app.delete(
    '/scim/v2/Users/:id',
    scim(async (c, tenantId) => {
      if (!(await deleteEmployee(deps.db, tenantId, idParam(c)))) throw new ScimProblem(404, 'User not found');
      return new Response(null, { status: 204 });
    }),
  );

  app.get(
    '/scim/v2/Groups',
    scim(async (c, tenantId) => {
      const filter = compileScimFilter(c.req.query('filter'));
      const { startIndex, count } = readScimPaging(c.req.query('startIndex'), c.req.query('count'));
      const groups = (await loadGroups(deps.db, tenantId)).map((g) => toScimGroup(g, base())).filter((r) => filter.matches(r));
      return scimJson(listResponse(groups, startIndex, count), 200);
    }),
  );

  app.post(
    '/scim/v2/Groups',
    scim(async (c, tenantId) => {
      const input = normaliseScimGroup(await readJsonObject(c));
      const group = await deps.db.transaction((tx) => saveGroup(tx, tenantId, input, deps.now()));
      return scimJson(toScimGroup(group, base()), 201, etagOf(group.version));
    }),
  );

  app.get(
    '/scim/v2/Groups/:id',
    scim(async (c, tenantId) => {
      const group = await getGroup(deps.db, tenantId, idParam(c));
      if (!group) throw new ScimProblem(404, 'Group not found');
      return scimJson(toScimGroup(group, base()), 200, etagOf(group.version));
    }),
  );

  app.patch(
    '/scim/v2/Groups/:id',
    scim(async (c, tenantId) => {
      const body = await readJsonObject(c);
      const group = await deps.db.transaction(async (tx) => {
        const current = await getGroup(tx, tenantId, idParam(c), true);
        if (!current) throw new ScimProblem(404, 'Group not found');
        checkIfMatch(c.req.header('If-Match'), current.version);
        const patched = applyPatch(toScimGroup(current, base()), body);
        return saveGroup(tx, tenantId, normaliseScimGroup(patched), deps.now(), current.id);
      });
      return scimJson(toScimGroup(group, base()), 200, etagOf(group.version));
    }),
  );

  app.delete(
    '/scim/v2/Groups/:id',
    scim(async (c, tenantId) => {
      if (!(await deleteGroup(deps.db, tenantId, idParam(c)))) throw new ScimProblem(404, 'Group not found');
      return new Response(null, { status: 204 });
    }),
  );
};
