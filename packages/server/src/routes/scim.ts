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
  projectAttributes,
  readScimPaging,
  SCIM,
  ScimProblem,
  saveGroup,
  scimFromProblem,
  sortResources,
  toScimGroup,
  toScimUser,
} from '../enterprise/scim';
import { scimResourceTypes, scimSchemas, scimServiceProviderConfig } from '../enterprise/scim-schemas';
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

/** A resource as the request's `attributes` / `excludedAttributes` ask for it. */
const project = (c: Context<AppEnv>, resource: Record<string, unknown>): Record<string, unknown> =>
  projectAttributes(resource, c.req.query('attributes'), c.req.query('excludedAttributes'));

/** Filters, sorts, pages and projects a list (RFC 7644 §3.4.2). */
function listOf(c: Context<AppEnv>, all: Record<string, unknown>[]): Record<string, unknown> {
  const filter = compileScimFilter(c.req.query('filter'));
  const { startIndex, count } = readScimPaging(c.req.query('startIndex'), c.req.query('count'));
  const sorted = sortResources(
    all.filter((r) => filter.matches(r)),
    c.req.query('sortBy'),
    c.req.query('sortOrder'),
  );
  const body = listResponse(sorted, startIndex, count);
  return { ...body, Resources: (body.Resources as Record<string, unknown>[]).map((r) => project(c, r)) };
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
 * SCIM 2.0 provisioning (RFC 7643/7644) under `/scim/v2`: discovery (ServiceProviderConfig,
 * Schemas, ResourceTypes), Users (list with filters, sorting and pagination, create, get,
 * replace, patch, delete) and Groups (the same), every resource answer honouring `attributes` /
 * `excludedAttributes`. The bearer token is an API key with the `scim` scope; its tenant
 * is the only tenant visible.
 */
export const registerScimRoutes: RouteRegistration = (app, deps) => {
  const base = (): string => deps.config.publicBaseUrl.replace(/\/$/, '');

  app.get(
    '/scim/v2/ServiceProviderConfig',
    scim(async () => scimJson(scimServiceProviderConfig(base(), 500), 200)),
  );

  /** A discovery list (RFC 7644 §4: filtering is not supported on these endpoints). */
  const discoveryList = (c: Context<AppEnv>, all: Record<string, unknown>[]): Response => {
    if (c.req.query('filter') !== undefined) throw new ScimProblem(403, 'Filtering is not supported on discovery endpoints');
    return scimJson({ schemas: [SCIM.list], totalResults: all.length, startIndex: 1, itemsPerPage: all.length, Resources: all }, 200);
  };
  const discoveryItem = (all: Record<string, unknown>[], id: string, what: string): Response => {
    const found = all.find((r) => r.id === id);
    if (!found) throw new ScimProblem(404, `No such ${what}: ${id.slice(0, 120)}`);
    return scimJson(found, 200);
  };
  app.get(
    '/scim/v2/Schemas',
    scim(async (c) => discoveryList(c, scimSchemas(base()))),
  );
  app.get(
    '/scim/v2/Schemas/:id',
    scim(async (c) => discoveryItem(scimSchemas(base()), idParam(c), 'schema')),
  );
  app.get(
    '/scim/v2/ResourceTypes',
    scim(async (c) => discoveryList(c, scimResourceTypes(base()))),
  );
  app.get(
    '/scim/v2/ResourceTypes/:id',
    scim(async (c) => discoveryItem(scimResourceTypes(base()), idParam(c), 'resource type')),
  );

  app.get(
    '/scim/v2/Users',
    scim(async (c, tenantId) => {
      const filter = compileScimFilter(c.req.query('filter'));
      const users = await loadEmployees(deps, deps.db, tenantId, filter.userNameEq);
      const body = listOf(
        c,
        users.map((u) => toScimUser(u, base())),
      );
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
      return scimJson(project(c, toScimUser(user, base())), 201, etagOf(user.version));
    }),
  );

  app.get(
    '/scim/v2/Users/:id',
    scim(async (c, tenantId) => {
      const user = await requireUser(deps, tenantId, idParam(c));
      await auditPersonalReads(deps.db, c.get('caller'), 'employee', [user.id], tenantId);
      return scimJson(project(c, toScimUser(user, base())), 200, etagOf(user.version));
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
      return scimJson(project(c, toScimUser(user, base())), 200, etagOf(user.version));
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
      return scimJson(project(c, toScimUser(user, base())), 200, etagOf(user.version));
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
      const groups = (await loadGroups(deps.db, tenantId)).map((g) => toScimGroup(g, base()));
      return scimJson(listOf(c, groups), 200);
    }),
  );

  app.post(
    '/scim/v2/Groups',
    scim(async (c, tenantId) => {
      const input = normaliseScimGroup(await readJsonObject(c));
      const group = await deps.db.transaction((tx) => saveGroup(tx, tenantId, input, deps.now()));
      return scimJson(project(c, toScimGroup(group, base())), 201, etagOf(group.version));
    }),
  );

  app.get(
    '/scim/v2/Groups/:id',
    scim(async (c, tenantId) => {
      const group = await getGroup(deps.db, tenantId, idParam(c));
      if (!group) throw new ScimProblem(404, 'Group not found');
      return scimJson(project(c, toScimGroup(group, base())), 200, etagOf(group.version));
    }),
  );

  app.put(
    '/scim/v2/Groups/:id',
    scim(async (c, tenantId) => {
      const input = normaliseScimGroup(await readJsonObject(c));
      const group = await deps.db.transaction(async (tx) => {
        const current = await getGroup(tx, tenantId, idParam(c), true);
        if (!current) throw new ScimProblem(404, 'Group not found');
        checkIfMatch(c.req.header('If-Match'), current.version);
        return saveGroup(tx, tenantId, input, deps.now(), current.id);
      });
      return scimJson(project(c, toScimGroup(group, base())), 200, etagOf(group.version));
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
      return scimJson(project(c, toScimGroup(group, base())), 200, etagOf(group.version));
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
