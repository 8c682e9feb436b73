/**
 * SCIM 2.0 as identity providers use it (Okta, Entra ID, Workday): discovery endpoints,
 * `attributes`/`excludedAttributes`, `sortBy`/`sortOrder`, the filter operators and PATCH forms
 * they send, group replacement with ETags, and tenant isolation of every one of these routes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectAttributes, ScimProblem, sortResources } from '../src/enterprise/scim';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { call, createKey, createTenant, type TestServer } from './support/enterprise';
import { ENTERPRISE, GROUP, PATCH, SCIM_JSON, type ScimUser, USER } from './support/scim';
import { HA_TOKEN, startTestServer } from './support/test-server';

interface ListBody {
  totalResults: number;
  itemsPerPage: number;
  Resources: Record<string, unknown>[];
}

const user = (userName: string, given: string, family: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER, ENTERPRISE],
  userName,
  externalId: `ext-${userName}`,
  name: { givenName: given, familyName: family },
  displayName: `${family} ${given}`,
  emails: [
    { value: `home.${userName}`, type: 'home' },
    { value: userName, type: 'work', primary: true },
  ],
  active: true,
  [ENTERPRISE]: { department: 'Kho', employeeNumber: given.length.toString() },
  ...extra,
});

describe.each(testDatabases)('SCIM for identity providers on $name', (database) => {
  let server: TestServer;
  let token: string;
  let otherToken: string;
  const as =
    (bearer: string) =>
    (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      call(server, method, `/scim/v2${path}`, { bearer, ...(body !== undefined ? { body, contentType: SCIM_JSON } : {}), headers });
  let scim: ReturnType<typeof as>;
  let other: ReturnType<typeof as>;
  const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(database);
    const a = await createTenant(server, 'IdP Co');
    token = await createKey(server, a.tenantId, a.adminKey, ['scim']);
    const b = await createTenant(server, 'Other Co');
    otherToken = await createKey(server, b.tenantId, b.adminKey, ['scim']);
    scim = as(token);
    other = as(otherToken);
    for (const [userName, given, family, active] of [
      ['binh@example.vn', 'Bình', 'Trần', true],
      ['an@example.vn', 'An', 'Nguyễn', true],
      ['chi@example.vn', 'Chi', 'Lê', false],
    ] as const) {
      const res = await scim('POST', '/Users', user(userName, given, family, { active }));
      ids[userName] = (await expectContract<ScimUser>(res, 'scimCreateUser')).id;
    }
    // The other tenant has a look-alike user that must never show up.
    await expectContract(await other('POST', '/Users', user('an@example.vn', 'An', 'Khác')), 'scimCreateUser');
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves discovery: ServiceProviderConfig, Schemas and ResourceTypes, each behind the scim key', async () => {
    const config = await expectContract<{ bulk: { supported: boolean }; sort: { supported: boolean }; filter: { maxResults: number } }>(
      await scim('GET', '/ServiceProviderConfig'),
      'scimServiceProviderConfig',
    );
    expect(config).toMatchObject({ bulk: { supported: false }, sort: { supported: true }, filter: { maxResults: 500 } });

    const schemasRes = await scim('GET', '/Schemas');
    expect(schemasRes.headers.get('content-type')).toBe(SCIM_JSON);
    const schemas = await expectContract<ListBody>(schemasRes, 'scimListSchemas');
    expect(schemas.Resources.map((s) => s.id)).toEqual([USER, ENTERPRISE, GROUP]);
    const userSchema = await expectContract<{ attributes: { name: string; required: boolean; uniqueness: string }[] }>(
      await scim('GET', `/Schemas/${USER}`),
      'scimGetSchema',
    );
    expect(userSchema.attributes.find((a) => a.name === 'userName')).toMatchObject({ required: true, uniqueness: 'server' });
    const enterprise = await expectContract<{ attributes: { name: string }[] }>(
      await scim('GET', `/Schemas/${ENTERPRISE}`),
      'scimGetSchema',
    );
    expect(enterprise.attributes.map((a) => a.name).sort()).toEqual(['department', 'employeeNumber']);
    const noSchema = await scim('GET', '/Schemas/urn:nope');
    expect(noSchema.status).toBe(404);
    await expectContract(noSchema, 'scimGetSchema');

    const types = await expectContract<ListBody>(await scim('GET', '/ResourceTypes'), 'scimListResourceTypes');
    expect(types.Resources.map((t) => [t.id, t.endpoint])).toEqual([
      ['User', '/Users'],
      ['Group', '/Groups'],
    ]);
    const userType = await expectContract<{ schemaExtensions: { schema: string }[] }>(
      await scim('GET', '/ResourceTypes/User'),
      'scimGetResourceType',
    );
    expect(userType.schemaExtensions[0]?.schema).toBe(ENTERPRISE);
    const noType = await scim('GET', '/ResourceTypes/Device');
    expect(noType.status).toBe(404);
    await expectContract(noType, 'scimGetResourceType');
    // RFC 7644 §4: filtering discovery endpoints is refused with 403.
    const filtered = await scim('GET', `/Schemas?${q('id eq "x"')}`);
    expect(filtered.status).toBe(403);
    await expectContract(filtered, 'scimListSchemas');

    // Authorisation on every discovery route.
    const { tenantId, adminKey } = await createTenant(server, 'No SCIM scope');
    const wrongScope = await createKey(server, tenantId, adminKey, ['employees:read']);
    for (const [path, operationId] of [
      ['/Schemas', 'scimListSchemas'],
      [`/Schemas/${USER}`, 'scimGetSchema'],
      ['/ResourceTypes', 'scimListResourceTypes'],
      ['/ResourceTypes/User', 'scimGetResourceType'],
      ['/ServiceProviderConfig', 'scimServiceProviderConfig'],
    ] as const) {
      const anonymous = await call(server, 'GET', `/scim/v2${path}`);
      expect(anonymous.status).toBe(401);
      await expectContract(anonymous, operationId);
      const authority = await call(server, 'GET', `/scim/v2${path}`, { bearer: HA_TOKEN });
      expect(authority.status).toBe(401);
      await expectContract(authority, operationId);
      const scoped = await call(server, 'GET', `/scim/v2${path}`, { bearer: wrongScope });
      expect(scoped.status).toBe(403);
      await expectContract(scoped, operationId);
    }
  });

  it('returns only the requested attributes (attributes / excludedAttributes)', async () => {
    const list = await expectContract<ListBody>(
      await scim('GET', `/Users?${q('userName eq "an@example.vn"')}&attributes=emails.value,${ENTERPRISE}:department`),
      'scimListUsers',
    );
    expect(list.totalResults).toBe(1);
    const only = list.Resources[0] as Record<string, unknown>;
    expect(Object.keys(only).sort()).toEqual(['emails', 'id', 'meta', 'schemas', ENTERPRISE, 'userName'].sort());
    expect(only.emails).toEqual([{ value: 'home.an@example.vn' }, { value: 'an@example.vn' }]);
    expect(only[ENTERPRISE]).toEqual({ department: 'Kho' });

    const id = ids['an@example.vn'] as string;
    const got = await scim('GET', `/Users/${id}?attributes=${encodeURIComponent(`${USER}:name.givenName,ACTIVE`)}`);
    const projected = await expectContract<ScimUser>(got, 'scimGetUser');
    expect(projected).toMatchObject({ id, userName: 'an@example.vn', active: true, name: { givenName: 'An' } });
    expect(projected.name).toEqual({ givenName: 'An' });
    expect(projected.emails).toBeUndefined();
    expect(got.headers.get('etag')).toBe(projected.meta.version);

    const excluded = await expectContract<ScimUser>(
      await scim('GET', `/Users/${id}?excludedAttributes=emails,name.familyName,${ENTERPRISE},id,userName`),
      'scimGetUser',
    );
    expect(excluded.emails).toBeUndefined();
    expect(excluded.name).toEqual({ givenName: 'An' });
    expect(excluded[ENTERPRISE]).toBeUndefined();
    // `id` and the userName are always returned.
    expect(excluded).toMatchObject({ id, userName: 'an@example.vn', displayName: 'Nguyễn An' });

    // Entra ID reads groups without their members.
    const group = await expectContract<{ id: string }>(
      await scim('POST', '/Groups?excludedAttributes=members', {
        schemas: [GROUP],
        displayName: 'Projected',
        members: [{ value: id }],
      }),
      'scimCreateGroup',
    );
    const groups = await expectContract<ListBody>(
      await scim('GET', `/Groups?excludedAttributes=members&${q('displayName eq "projected"')}`),
      'scimListGroups',
    );
    expect(groups.Resources).toHaveLength(1);
    expect(groups.Resources[0]?.members).toBeUndefined();
    const full = await expectContract<{ members: unknown[] }>(await scim('GET', `/Groups/${group.id}`), 'scimGetGroup');
    expect(full.members).toHaveLength(1);
    const tooLong = await scim('GET', `/Users?attributes=${'a,'.repeat(600)}`);
    expect(tooLong.status).toBe(400);
    await expectContract(tooLong, 'scimListUsers');
    await expectContract(await scim('DELETE', `/Groups/${group.id}`), 'scimDeleteGroup');
  });

  it('sorts by sortBy / sortOrder', async () => {
    const names = async (query: string) =>
      (await expectContract<ListBody>(await scim('GET', `/Users?${query}`), 'scimListUsers')).Resources.map((r) => r.userName);
    expect(await names('sortBy=userName')).toEqual(['an@example.vn', 'binh@example.vn', 'chi@example.vn']);
    expect(await names('sortBy=USERNAME&sortOrder=Descending')).toEqual(['chi@example.vn', 'binh@example.vn', 'an@example.vn']);
    expect(await names('sortBy=name.familyName')).toEqual(['chi@example.vn', 'an@example.vn', 'binh@example.vn']);
    // A multi-valued attribute sorts by its primary value.
    expect(await names('sortBy=emails&sortOrder=descending')).toEqual(['chi@example.vn', 'binh@example.vn', 'an@example.vn']);
    expect(await names('sortBy=meta.created')).toEqual(['binh@example.vn', 'an@example.vn', 'chi@example.vn']);
    // Sorting happens before paging.
    expect(await names('sortBy=userName&startIndex=2&count=1')).toEqual(['binh@example.vn']);
    // Resources without the attribute sort last, in both orders.
    expect((await names('sortBy=title&sortOrder=descending')).length).toBe(3);
    const bad = await scim('GET', '/Users?sortBy=userName&sortOrder=sideways');
    expect(bad.status).toBe(400);
    expect(await expectContract(bad, 'scimListUsers')).toMatchObject({ scimType: 'invalidValue' });
  });

  it('understands the filters IdPs send', async () => {
    const count = async (filter: string) =>
      (await expectContract<ListBody>(await scim('GET', `/Users?${q(filter)}`), 'scimListUsers')).totalResults;
    expect(await count('userName ne "an@example.vn"')).toBe(2);
    expect(await count('not (userName eq "an@example.vn")')).toBe(2);
    expect(await count('userName ew "@EXAMPLE.VN"')).toBe(3);
    expect(await count('emails[type eq "work"].value eq "BINH@example.vn"')).toBe(1);
    expect(await count('emails[type eq "home"].value eq "binh@example.vn"')).toBe(0);
    expect(await count('emails eq "home.chi@example.vn"')).toBe(1);
    expect(await count(`${ENTERPRISE}:department eq "kho" and active eq true`)).toBe(2);
    expect(await count('meta.created gt "2000-01-01T00:00:00Z"')).toBe(3);
    expect(await count('meta.lastModified le "2000-01-01T00:00:00Z"')).toBe(0);
    expect(await count('(userName sw "a" or userName sw "c") and not (active eq false)')).toBe(1);

    // Entra ID checks group membership with `members eq "<user id>"`.
    const id = ids['binh@example.vn'] as string;
    const g = await expectContract<{ id: string }>(
      await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Membership', members: [{ value: id }] }),
      'scimCreateGroup',
    );
    const groups = async (filter: string) =>
      (await expectContract<ListBody>(await scim('GET', `/Groups?${q(filter)}&excludedAttributes=members`), 'scimListGroups')).totalResults;
    expect(await groups(`id eq "${g.id}" and members eq "${id}"`)).toBe(1);
    expect(await groups(`id eq "${g.id}" and members eq "${ids['an@example.vn']}"`)).toBe(0);
    await scim('DELETE', `/Groups/${g.id}`);
  });

  it('applies the PATCH forms Entra ID and Okta send', async () => {
    const created = await expectContract<ScimUser>(
      await scim('POST', '/Users', user('patch@example.vn', 'Dũng', 'Phạm')),
      'scimCreateUser',
    );
    const patch = (body: unknown, headers: Record<string, string> = {}) => scim('PATCH', `/Users/${created.id}`, body, headers);
    // Okta deactivation: a path-less replace with an object value.
    const okta = await expectContract<ScimUser>(
      await patch({ schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] }),
      'scimPatchUser',
    );
    expect(okta.active).toBe(false);
    // Entra ID: capitalised op, path-less value keyed by attribute paths, "True" as a string.
    const entra = await patch({
      schemas: [PATCH],
      Operations: [
        {
          op: 'Replace',
          value: {
            active: 'True',
            'name.givenName': 'Dung',
            [`${ENTERPRISE}:department`]: 'Sản xuất',
            'emails[type eq "work"].value': 'dung@example.vn',
          },
        },
        { op: 'Add', path: `${ENTERPRISE}:employeeNumber`, value: '77' },
        { op: 'Replace', path: 'emails[type eq "home"].value', value: 'home.dung@example.vn' },
      ],
    });
    const after = await expectContract<ScimUser>(entra, 'scimPatchUser');
    expect(entra.status).toBe(200);
    expect(after).toMatchObject({ active: true, name: { givenName: 'Dung', familyName: 'Phạm' } });
    expect(after[ENTERPRISE]).toEqual({ department: 'Sản xuất', employeeNumber: '77' });
    expect(after.emails).toEqual([
      { value: 'home.dung@example.vn', type: 'home' },
      { value: 'dung@example.vn', type: 'work', primary: true },
    ]);
    expect(Object.keys(after).some((k) => k.includes('['))).toBe(false);
    // The ETag moved with each change; a stale one is refused.
    expect(after.meta.version).toBe('W/"3"');
    const stale = await patch({ schemas: [PATCH], Operations: [{ op: 'remove', path: 'displayName' }] }, { 'If-Match': 'W/"2"' });
    expect(stale.status).toBe(412);
    await expectContract(stale, 'scimPatchUser');

    // Groups: Entra removes members with a value array; Okta replaces them.
    const [a, b] = [ids['an@example.vn'] as string, ids['binh@example.vn'] as string];
    const g = await expectContract<{ id: string }>(
      await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Entra', members: [{ value: a }, { value: b }] }),
      'scimCreateGroup',
    );
    const removed = await expectContract<{ members: { value: string }[] }>(
      await scim('PATCH', `/Groups/${g.id}`, { schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ value: a }] }] }),
      'scimPatchGroup',
    );
    expect(removed.members.map((m) => m.value)).toEqual([b]);
    const replaced = await expectContract<{ members: { value: string }[] }>(
      await scim('PATCH', `/Groups/${g.id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', path: 'members', value: [{ value: created.id }] }],
      }),
      'scimPatchGroup',
    );
    expect(replaced.members.map((m) => m.value)).toEqual([created.id]);
    await scim('DELETE', `/Groups/${g.id}`);
    await scim('DELETE', `/Users/${created.id}`);
  });

  it('replaces groups with PUT (ETag, uniqueness, members of the same tenant only)', async () => {
    const [a, b] = [ids['an@example.vn'] as string, ids['binh@example.vn'] as string];
    const g = await expectContract<{ id: string; meta: { version: string } }>(
      await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Put me', members: [{ value: a }] }),
      'scimCreateGroup',
    );
    await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Taken' });
    const put = await scim(
      'PUT',
      `/Groups/${g.id}`,
      { schemas: [GROUP], displayName: 'Put done', externalId: 'hr-1', members: [{ value: b }] },
      { 'If-Match': g.meta.version },
    );
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('W/"2"');
    const body = await expectContract<{ displayName: string; externalId: string; members: { value: string }[] }>(put, 'scimReplaceGroup');
    expect(body).toMatchObject({ displayName: 'Put done', externalId: 'hr-1' });
    expect(body.members.map((m) => m.value)).toEqual([b]);
    const stale = await scim('PUT', `/Groups/${g.id}`, { schemas: [GROUP], displayName: 'X' }, { 'If-Match': g.meta.version });
    expect(stale.status).toBe(412);
    await expectContract(stale, 'scimReplaceGroup');
    const taken = await scim('PUT', `/Groups/${g.id}`, { schemas: [GROUP], displayName: 'Taken' });
    expect(taken.status).toBe(409);
    await expectContract(taken, 'scimReplaceGroup');
    const invalid = await scim('PUT', `/Groups/${g.id}`, { schemas: [GROUP] });
    expect(invalid.status).toBe(400);
    await expectContract(invalid, 'scimReplaceGroup');
    const missing = await scim('PUT', '/Groups/grp_none', { schemas: [GROUP], displayName: 'Y' });
    expect(missing.status).toBe(404);
    await expectContract(missing, 'scimReplaceGroup');
    const anonymous = await call(server, 'PUT', `/scim/v2/Groups/${g.id}`, { body: { schemas: [GROUP], displayName: 'Z' } });
    expect(anonymous.status).toBe(401);
    await expectContract(anonymous, 'scimReplaceGroup');
  });

  it('keeps every tenant to its own users and groups on these routes', async () => {
    const a = ids['an@example.vn'] as string;
    const g = await expectContract<{ id: string }>(
      await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Private', members: [{ value: a }] }),
      'scimCreateGroup',
    );
    // Lists, sorted and projected, show only the caller's tenant.
    const theirs = await expectContract<ListBody>(
      await other('GET', `/Users?sortBy=userName&attributes=userName&${q('userName ew "example.vn"')}`),
      'scimListUsers',
    );
    expect(theirs.Resources.map((r) => r.id)).not.toContain(a);
    expect(theirs.totalResults).toBe(1);
    const theirGroups = await expectContract<ListBody>(
      await other('GET', `/Groups?excludedAttributes=members&${q(`members eq "${a}"`)}`),
      'scimListGroups',
    );
    expect(theirGroups.totalResults).toBe(0);
    // Another tenant can neither read, replace, patch nor delete them.
    const read = await other('GET', `/Groups/${g.id}?attributes=displayName`);
    expect(read.status).toBe(404);
    await expectContract(read, 'scimGetGroup');
    const readUser = await other('GET', `/Users/${a}?attributes=userName`);
    expect(readUser.status).toBe(404);
    await expectContract(readUser, 'scimGetUser');
    const replace = await other('PUT', `/Groups/${g.id}`, { schemas: [GROUP], displayName: 'Stolen' });
    expect(replace.status).toBe(404);
    await expectContract(replace, 'scimReplaceGroup');
    const patch = await other('PATCH', `/Users/${a}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(patch.status).toBe(404);
    await expectContract(patch, 'scimPatchUser');
    // Nor put their own users into it, nor put this tenant's users into theirs.
    const mine = await expectContract<{ id: string }>(
      await other('POST', '/Groups', { schemas: [GROUP], displayName: 'Theirs' }),
      'scimCreateGroup',
    );
    const cross = await other('PUT', `/Groups/${mine.id}`, { schemas: [GROUP], displayName: 'Theirs', members: [{ value: a }] });
    expect(cross.status).toBe(400);
    await expectContract(cross, 'scimReplaceGroup');
    const still = await expectContract<{ displayName: string; members: { value: string }[] }>(
      await scim('GET', `/Groups/${g.id}`),
      'scimGetGroup',
    );
    expect(still).toMatchObject({ displayName: 'Private', members: [{ value: a }] });
    const stillUser = await expectContract<ScimUser>(await scim('GET', `/Users/${a}`), 'scimGetUser');
    expect(stillUser.active).toBe(true);
  });
});

describe('SCIM attributes and sorting (fuzzed)', () => {
  const resource = {
    schemas: [USER, ENTERPRISE],
    id: 'emp_1',
    userName: 'a@example.vn',
    name: { givenName: 'A' },
    emails: [{ value: 'a@example.vn', type: 'work', primary: true }],
    [ENTERPRISE]: { department: 'Kho' },
    meta: { resourceType: 'User', version: 'W/"1"' },
  };
  const names = fc.oneof(
    fc.constantFrom(
      'userName',
      'name.givenName',
      'emails.value',
      'emails',
      `${ENTERPRISE}:department`,
      ENTERPRISE,
      'meta',
      'id',
      'x.y.z',
      '',
      ' ',
    ),
    fc.string({ maxLength: 30 }),
  );
  it('projection keeps id, schemas, meta and userName and never throws anything but a SCIM 400', () => {
    fc.assert(
      fc.property(fc.option(fc.array(names, { maxLength: 5 })), fc.option(fc.array(names, { maxLength: 5 })), (inc, exc) => {
        try {
          const out = projectAttributes(resource, inc?.join(','), exc?.join(','));
          expect(out).toMatchObject({ id: 'emp_1', userName: 'a@example.vn', schemas: resource.schemas, meta: resource.meta });
          expect(resource.name).toEqual({ givenName: 'A' });
        } catch (error) {
          expect(error).toBeInstanceOf(ScimProblem);
        }
      }),
      { numRuns: 10_000 },
    );
  });
  it('sorting is a permutation that never throws anything but a SCIM 400', () => {
    const items = fc.array(
      fc.record({
        id: fc.string({ maxLength: 4 }),
        userName: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(undefined)),
      }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(items, names, fc.constantFrom('ascending', 'DESCENDING', 'x', undefined), (list, by, order) => {
        try {
          const sorted = sortResources(list as Record<string, unknown>[], by, order);
          expect(sorted).toHaveLength(list.length);
          expect(new Set(sorted)).toEqual(new Set(list));
        } catch (error) {
          expect(error).toBeInstanceOf(ScimProblem);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
