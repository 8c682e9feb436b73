import { validateDeclaration } from '@healthtrace/declaration';
import type { Context } from 'hono';
import { localeOf } from '../declarations/validate';
import { API_KEY_SCOPES, createApiKey, listApiKeys, revokeApiKey } from '../enterprise/api-keys';
import { auditPersonalReads, decodeCursor, isIsoDate, issueCollector, readPageLimit, rejectUnknownMembers } from '../enterprise/common';
import { importEmployees, parseEmployeeCsv } from '../enterprise/csv-import';
import { listEmployeePage } from '../enterprise/employees';
import { activeEmployeeIds, complianceReport, insertHealthCheck } from '../enterprise/health-checks';
import { getTenant, insertRiskAssessment, insertTenant, listRiskAssessments, listTenants, tenantExists } from '../enterprise/tenants';
import { requireHealthAuthority, requireTenantScope } from '../http/auth';
import type { AppEnv, RouteRegistration } from '../http/context';
import { requestHash, runIdempotent } from '../http/idempotency';
import { readJsonObject } from '../http/json-body';
import { HttpProblem } from '../http/problem';

const isString = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;

/** A tenant-scoped route where the health authority may act too: 404 for unknown tenants. */
async function requireTenantOrAuthority(c: Context<AppEnv>, tenantId: string, scope: string): Promise<void> {
  requireTenantScope(c, tenantId, scope, true);
  if (c.get('caller').kind === 'health-authority' && !(await tenantExists(c.get('deps').db, tenantId)))
    throw new HttpProblem(404, 'not-found', 'No such tenant');
}

/** Today's date (UTC) by the server clock. */
const today = (now: Date): string => now.toISOString().slice(0, 10);

/**
 * Enterprise tenants: `POST/GET /v1/tenants` (health authority), `GET /v1/tenants/{id}`, API keys,
 * employees (list, CSV import), daily health checks and the compliance report, and workplace risk
 * assessments. Every route checks the caller's tenant and scope (`requireTenantScope`).
 */
export const registerTenantRoutes: RouteRegistration = (app, deps) => {
  app.post('/v1/tenants', async (c) => {
    requireHealthAuthority(c);
    const body = await readJsonObject(c);
    const v = issueCollector();
    rejectUnknownMembers(body, ['name', 'taxCode', 'wardCode', 'sector', 'employeeCount'], v.issue);
    if (!isString(body.name, 1, 200)) v.issue('invalid', ['name'], 'name is required (1–200 characters)');
    if (body.taxCode !== undefined && !(typeof body.taxCode === 'string' && /^[0-9]{10}(-[0-9]{3})?$/.test(body.taxCode)))
      v.issue('invalid', ['taxCode'], 'taxCode must be 10 digits, optionally -3 digits');
    if (body.wardCode !== undefined && !(typeof body.wardCode === 'string' && /^[0-9]{5}$/.test(body.wardCode)))
      v.issue('invalid', ['wardCode'], 'wardCode must be 5 digits');
    if (body.sector !== undefined && !isString(body.sector, 0, 100))
      v.issue('invalid', ['sector'], 'sector must be at most 100 characters');
    if (body.employeeCount !== undefined && !(Number.isInteger(body.employeeCount) && (body.employeeCount as number) >= 0))
      v.issue('invalid', ['employeeCount'], 'employeeCount must be a non-negative integer');
    v.done();
    const result = await deps.db.transaction(async (tx) => {
      const now = deps.now();
      const tenant = await insertTenant(tx, body as { name: string }, now);
      const apiKey = await createApiKey(tx, tenant.id, 'admin', API_KEY_SCOPES, now);
      return { tenant: { ...tenant, latestRisk: null }, apiKey };
    });
    return c.json(result, 201);
  });

  app.get('/v1/tenants', async (c) => {
    requireHealthAuthority(c);
    const page = await listTenants(deps.db, decodeCursor(c.req.query('cursor')), readPageLimit(c));
    return c.json(page, 200);
  });

  app.get('/v1/tenants/:tenantId', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'tenant:read', true);
    const tenant = await getTenant(deps.db, tenantId);
    if (!tenant) throw new HttpProblem(404, 'not-found', 'No such tenant');
    return c.json(tenant, 200);
  });

  app.post('/v1/tenants/:tenantId/api-keys', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'keys:admin');
    const body = await readJsonObject(c);
    const v = issueCollector();
    rejectUnknownMembers(body, ['name', 'scopes'], v.issue);
    if (!isString(body.name, 1, 100)) v.issue('invalid', ['name'], 'name is required (1–100 characters)');
    const scopes = body.scopes;
    if (
      !Array.isArray(scopes) ||
      scopes.length === 0 ||
      new Set(scopes).size !== scopes.length ||
      !scopes.every((s) => typeof s === 'string' && API_KEY_SCOPES.includes(s))
    )
      v.issue('invalid', ['scopes'], `scopes must be distinct values of ${API_KEY_SCOPES.join(', ')}`);
    v.done();
    const key = await createApiKey(deps.db, tenantId, body.name as string, scopes as string[], deps.now());
    return c.json(key, 201);
  });

  app.get('/v1/tenants/:tenantId/api-keys', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'keys:admin');
    return c.json(await listApiKeys(deps.db, tenantId), 200);
  });

  app.delete('/v1/tenants/:tenantId/api-keys/:keyId', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'keys:admin');
    if (!(await revokeApiKey(deps.db, tenantId, c.req.param('keyId'), deps.now())))
      throw new HttpProblem(404, 'not-found', 'No such API key');
    return c.body(null, 204);
  });

  app.get('/v1/tenants/:tenantId/employees', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'employees:read');
    const page = await listEmployeePage(deps, tenantId, decodeCursor(c.req.query('cursor')), readPageLimit(c));
    await auditPersonalReads(
      deps.db,
      c.get('caller'),
      'employee',
      page.items.map((e) => e.id),
      tenantId,
    );
    return c.json(page, 200);
  });

  app.post('/v1/tenants/:tenantId/employees/import', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'employees:write');
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'text/csv') throw new HttpProblem(415, 'unsupported-media-type', 'Content-Type must be text/csv');
    const parsed = parseEmployeeCsv(await c.req.text());
    const result = await deps.db.transaction((tx) => importEmployees(deps, tx, tenantId, parsed));
    if (result.createdIds.length > 0) await deps.emit(tenantId, 'employee.provisioned', { employeeIds: result.createdIds, source: 'csv' });
    const { createdIds: _ids, ...report } = result;
    return c.json(report, 200);
  });

  app.post('/v1/tenants/:tenantId/health-checks', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'health-checks:write');
    const body = await readJsonObject(c);
    const locale = localeOf(c.req.header('Accept-Language'));
    const checked = validateDeclaration('employee', body, { locale });
    if (!checked.success)
      throw new HttpProblem(422, 'validation-failed', 'The health check is not valid', {
        issues: checked.issues.map((i) => ({ code: i.code, path: i.path, message: i.message })),
      });
    let employeeId: string | undefined;
    const result = await runIdempotent(
      deps.db,
      `tenant:${tenantId}:health-checks`,
      c.req.header('Idempotency-Key'),
      requestHash(body),
      async (tx) => {
        const stored = await insertHealthCheck(deps, tx, tenantId, checked.data);
        employeeId = stored.employeeId;
        return { status: 201, body: stored.receipt };
      },
    );
    if (!result.replayed && employeeId !== undefined)
      await deps.emit(tenantId, 'health_check.submitted', { healthCheckId: result.body.id, employeeId, date: checked.data.date });
    return c.json(result.body, result.replayed ? 200 : result.status);
  });

  app.post('/v1/tenants/:tenantId/health-checks/requests', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'health-checks:write');
    let date = today(deps.now());
    if ((await c.req.raw.clone().text()) !== '') {
      const body = await readJsonObject(c);
      const v = issueCollector();
      rejectUnknownMembers(body, ['date'], v.issue);
      if (body.date !== undefined && !(typeof body.date === 'string' && isIsoDate(body.date)))
        v.issue('invalid', ['date'], 'date must be YYYY-MM-DD');
      v.done();
      if (typeof body.date === 'string') date = body.date;
    }
    const ids = await activeEmployeeIds(deps.db, tenantId);
    await deps.emit(tenantId, 'health_check.requested', { date, employeeIds: ids });
    return c.json({ date, requested: ids.length }, 202);
  });

  app.get('/v1/tenants/:tenantId/compliance', async (c) => {
    const tenantId = c.req.param('tenantId');
    requireTenantScope(c, tenantId, 'health-checks:read');
    const date = c.req.query('date') ?? today(deps.now());
    if (!isIsoDate(date)) throw new HttpProblem(400, 'bad-query', 'date must be YYYY-MM-DD');
    const report = await complianceReport(deps, tenantId, date);
    await auditPersonalReads(
      deps.db,
      c.get('caller'),
      'employee',
      report.missing.map((m) => m.employeeId),
      tenantId,
    );
    return c.json(report, 200);
  });

  app.post('/v1/tenants/:tenantId/risk-assessments', async (c) => {
    const tenantId = c.req.param('tenantId');
    await requireTenantOrAuthority(c, tenantId, 'risk:write');
    const body = await readJsonObject(c);
    const v = issueCollector();
    rejectUnknownMembers(body, ['answers', 'criteriaSet'], v.issue);
    const answers = body.answers;
    if (
      typeof answers !== 'object' ||
      answers === null ||
      Array.isArray(answers) ||
      !Object.values(answers).every((a) => typeof a === 'string')
    )
      v.issue('invalid', ['answers'], 'answers must map criterion ids to option ids');
    if (body.criteriaSet !== undefined && !isString(body.criteriaSet, 1, 100))
      v.issue('invalid', ['criteriaSet'], 'criteriaSet must be a string');
    v.done();
    const assessment = await insertRiskAssessment(
      deps.db,
      tenantId,
      answers as Record<string, string>,
      body.criteriaSet as string | undefined,
      deps.now(),
    );
    await deps.emit(tenantId, 'risk.assessed', { assessmentId: assessment.id, complete: assessment.complete, band: assessment.band });
    return c.json(assessment, 201);
  });

  app.get('/v1/tenants/:tenantId/risk-assessments', async (c) => {
    const tenantId = c.req.param('tenantId');
    await requireTenantOrAuthority(c, tenantId, 'risk:read');
    return c.json(await listRiskAssessments(deps.db, tenantId, decodeCursor(c.req.query('cursor')), readPageLimit(c)), 200);
  });
};
