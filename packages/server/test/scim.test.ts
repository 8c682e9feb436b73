import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPatch, compileScimFilter, normaliseScimUser, ScimProblem } from '../src/enterprise/scim';
import { expectContract } from './support/contract';
import { testDatabases } from './support/databases';
import { call, createKey, createTenant, type TestServer } from './support/enterprise';
import { ENTERPRISE, GROUP, PATCH, SCIM_JSON, type ScimUser, USER } from './support/scim';
import { HA_TOKEN, startTestServer } from './support/test-server';

const oktaUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER, ENTERPRISE],
  userName,
  externalId: `ext-${userName}`,
  name: { givenName: 'An', familyName: 'Nguyễn' },
  displayName: `Nguyễn An ${userName}`,
  emails: [{ value: userName, type: 'work', primary: true }],
  phoneNumbers: [{ value: '0912 345 678', type: 'mobile' }],
  active: true,
  [ENTERPRISE]: { department: 'Kho', employeeNumber: '42' },
  ...extra,
});

describe.each(testDatabases)('SCIM 2.0 on $name', (database) => {
  let server: TestServer;
  let tenantId: string;
  let token: string;
  const scim = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(server, method, `/scim/v2${path}`, { bearer: token, ...(body !== undefined ? { body, contentType: SCIM_JSON } : {}), headers });

  beforeAll(async () => {
    server = await startTestServer(database);
    const t = await createTenant(server, 'SCIM Co');
    tenantId = t.tenantId;
    token = await createKey(server, tenantId, t.adminKey, ['scim']);
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves the ServiceProviderConfig and requires a scim-scoped key', async () => {
    const res = await scim('GET', '/ServiceProviderConfig');
    expect(res.headers.get('content-type')).toBe(SCIM_JSON);
    const config = await expectContract<{ patch: { supported: boolean }; etag: { supported: boolean } }>(res, 'scimServiceProviderConfig');
    expect(config.patch.supported).toBe(true);
    expect(config.etag.supported).toBe(true);
    const anon = await call(server, 'GET', '/scim/v2/Users');
    expect(anon.status).toBe(401);
    expect(await expectContract(anon, 'scimListUsers')).toMatchObject({ status: '401' });
    const unknown = await call(server, 'GET', '/scim/v2/Users', {
      bearer: 'htk_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(unknown.status).toBe(401);
    await expectContract(unknown, 'scimListUsers');
    const authority = await call(server, 'GET', '/scim/v2/Users', { bearer: HA_TOKEN });
    expect(authority.status).toBe(401);
    const { tenantId: other, adminKey } = await createTenant(server, 'No SCIM');
    const noScope = await call(server, 'GET', '/scim/v2/Users', { bearer: await createKey(server, other, adminKey, ['employees:read']) });
    expect(noScope.status).toBe(403);
    expect(await expectContract(noScope, 'scimListUsers')).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '403',
    });
  });

  it('provisions users like Okta/Entra ID: create, uniqueness, get with ETag, filters, pagination', async () => {
    const created = await scim('POST', '/Users', oktaUser('an.nguyen@example.vn'));
    expect(created.status).toBe(201);
    const user = await expectContract<ScimUser>(created, 'scimCreateUser');
    expect(created.headers.get('etag')).toBe(user.meta.version);
    expect(created.headers.get('location')).toBe(`${server.config.publicBaseUrl}/scim/v2/Users/${user.id}`);
    expect(user.meta.version).toMatch(/^W\/"1"$/);
    expect(user.phoneNumbers).toEqual([{ value: '+84912345678', type: 'mobile' }]);
    expect(user[ENTERPRISE]).toEqual({ department: 'Kho', employeeNumber: '42' });
    // userName is unique per tenant, case-insensitively.
    const dup = await scim('POST', '/Users', oktaUser('AN.NGUYEN@example.vn', { externalId: 'other' }));
    expect(dup.status).toBe(409);
    expect(await expectContract(dup, 'scimCreateUser')).toMatchObject({ scimType: 'uniqueness', status: '409' });
    const invalid = await scim('POST', '/Users', { schemas: [USER], displayName: 'no user name' });
    expect(invalid.status).toBe(400);
    expect(await expectContract(invalid, 'scimCreateUser')).toMatchObject({ scimType: 'invalidValue' });
    const notJson = await scim('POST', '/Users', '{not json');
    expect(notJson.status).toBe(400);
    await expectContract(notJson, 'scimCreateUser');
    for (let i = 0; i < 4; i++) {
      const r = await scim('POST', '/Users', oktaUser(`user${i}@example.vn`, { active: i % 2 === 0, displayName: `Worker ${i}` }));
      await expectContract(r, 'scimCreateUser');
    }
    const got = await scim('GET', `/Users/${user.id}`);
    expect(got.headers.get('etag')).toBe('W/"1"');
    expect((await expectContract<ScimUser>(got, 'scimGetUser')).userName).toBe('an.nguyen@example.vn');

    const list = async (query: string) => {
      const res = await scim('GET', `/Users?${query}`);
      return expectContract<{ totalResults: number; itemsPerPage: number; startIndex: number; Resources: ScimUser[] }>(
        res,
        'scimListUsers',
      );
    };
    const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;
    expect((await list(q('userName eq "An.Nguyen@Example.vn"'))).Resources.map((u) => u.id)).toEqual([user.id]);
    expect((await list(q('externalId eq "ext-user1@example.vn"'))).totalResults).toBe(1);
    expect((await list(q('externalId eq "EXT-USER1@example.vn"'))).totalResults).toBe(0);
    expect((await list(q('userName sw "user"'))).totalResults).toBe(4);
    expect((await list(q('displayName co "worker"'))).totalResults).toBe(4);
    expect((await list(q('active eq false'))).totalResults).toBe(2);
    expect((await list(q('userName sw "user" and active eq true'))).totalResults).toBe(2);
    expect((await list(q('userName eq "user0@example.vn" or userName eq "user3@example.vn"'))).totalResults).toBe(2);
    expect((await list(q('emails.value eq "USER2@example.vn"'))).totalResults).toBe(1);
    expect((await list(q('emails[type eq "work" and value co "user2"]'))).totalResults).toBe(1);
    expect((await list(q('title pr'))).totalResults).toBe(0);
    expect((await list(q('externalId pr'))).totalResults).toBe(5);
    const page = await list('startIndex=2&count=2');
    expect(page).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect((await list('count=0')).Resources).toEqual([]);
    const bad = await scim('GET', `/Users?${q('userName eq')}`);
    expect(bad.status).toBe(400);
    expect(await expectContract(bad, 'scimListUsers')).toMatchObject({ scimType: 'invalidFilter' });
    // Personal fields never sit in clear in the database.
    const raw = await server.deps.db.query<{ personal: string; user_name_hash: string }>('SELECT * FROM employees WHERE tenant_id = $1', [
      tenantId,
    ]);
    expect(JSON.stringify(raw.rows.map((r) => [r.personal, r.user_name_hash]))).not.toMatch(/an\.nguyen|Nguy|912345678/);
  });

  it('replaces and patches users with ETags (If-Match → 412)', async () => {
    const created = await expectContract<ScimUser>(await scim('POST', '/Users', oktaUser('patch.me@example.vn')), 'scimCreateUser');
    const put = await scim('PUT', `/Users/${created.id}`, oktaUser('patch.me@example.vn', { displayName: 'Renamed' }), {
      'If-Match': 'W/"1"',
    });
    expect(put.status).toBe(200);
    expect((await expectContract<ScimUser>(put, 'scimReplaceUser')).displayName).toBe('Renamed');
    expect(put.headers.get('etag')).toBe('W/"2"');
    const stale = await scim('PUT', `/Users/${created.id}`, oktaUser('patch.me@example.vn'), { 'If-Match': 'W/"1"' });
    expect(stale.status).toBe(412);
    await expectContract(stale, 'scimReplaceUser');
    // Entra ID style: capitalised ops, "False" as a string, extension paths.
    const patch = await scim(
      'PATCH',
      `/Users/${created.id}`,
      {
        schemas: [PATCH],
        Operations: [
          { op: 'Replace', path: 'active', value: 'False' },
          { op: 'replace', path: `${ENTERPRISE}:department`, value: 'Sản xuất' },
          { op: 'add', path: 'name.givenName', value: 'Bình' },
          { op: 'replace', value: { displayName: 'Patched' } },
          { op: 'remove', path: 'phoneNumbers' },
        ],
      },
      { 'If-Match': 'W/"2"' },
    );
    const patched = await expectContract<ScimUser>(patch, 'scimPatchUser');
    expect(patch.status).toBe(200);
    expect(patched).toMatchObject({ active: false, displayName: 'Patched', name: { givenName: 'Bình', familyName: 'Nguyễn' } });
    expect(patched[ENTERPRISE]).toMatchObject({ department: 'Sản xuất' });
    expect(patched.phoneNumbers).toBeUndefined();
    const patch412 = await scim(
      'PATCH',
      `/Users/${created.id}`,
      { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: true }] },
      { 'If-Match': 'W/"2"' },
    );
    expect(patch412.status).toBe(412);
    await expectContract(patch412, 'scimPatchUser');
    const badOp = await scim('PATCH', `/Users/${created.id}`, { schemas: [PATCH], Operations: [{ op: 'move', path: 'active' }] });
    expect(badOp.status).toBe(400);
    await expectContract(badOp, 'scimPatchUser');
    const badPath = await scim('PATCH', `/Users/${created.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: 'emails[value eq' }],
    });
    expect(badPath.status).toBe(400);
    await expectContract(badPath, 'scimPatchUser');
    const noSchemas = await scim('PATCH', `/Users/${created.id}`, { Operations: [{ op: 'remove', path: 'displayName' }] });
    expect(noSchemas.status).toBe(400);
    const missing = await scim('PATCH', '/Users/emp_nope', { schemas: [PATCH], Operations: [{ op: 'remove', path: 'displayName' }] });
    expect(missing.status).toBe(404);
    await expectContract(missing, 'scimPatchUser');
    const missingPut = await scim('PUT', '/Users/emp_nope', oktaUser('x@example.vn'));
    expect(missingPut.status).toBe(404);
    await expectContract(missingPut, 'scimReplaceUser');
    const del = await scim('DELETE', `/Users/${created.id}`);
    expect(del.status).toBe(204);
    await expectContract(del, 'scimDeleteUser');
    const gone = await scim('GET', `/Users/${created.id}`);
    expect(gone.status).toBe(404);
    await expectContract(gone, 'scimGetUser');
    const goneDel = await scim('DELETE', `/Users/${created.id}`);
    expect(goneDel.status).toBe(404);
    await expectContract(goneDel, 'scimDeleteUser');
  });

  it('manages groups and their members (PATCH members[value eq "…"])', async () => {
    const a = await expectContract<ScimUser>(await scim('POST', '/Users', oktaUser('g.a@example.vn')), 'scimCreateUser');
    const b = await expectContract<ScimUser>(await scim('POST', '/Users', oktaUser('g.b@example.vn')), 'scimCreateUser');
    const c = await expectContract<ScimUser>(await scim('POST', '/Users', oktaUser('g.c@example.vn')), 'scimCreateUser');
    const created = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Kho', members: [{ value: a.id }, { value: b.id }] });
    expect(created.status).toBe(201);
    const group = await expectContract<{ id: string; members: { value: string }[]; meta: { version: string } }>(created, 'scimCreateGroup');
    expect(group.members.map((m) => m.value).sort()).toEqual([a.id, b.id].sort());
    const dup = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Kho' });
    expect(dup.status).toBe(409);
    await expectContract(dup, 'scimCreateGroup');
    const stranger = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'X', members: [{ value: 'emp_other' }] });
    expect(stranger.status).toBe(400);
    await expectContract(stranger, 'scimCreateGroup');
    const patch = await scim(
      'PATCH',
      `/Groups/${group.id}`,
      {
        schemas: [PATCH],
        Operations: [
          { op: 'remove', path: `members[value eq "${a.id}"]` },
          { op: 'add', path: 'members', value: [{ value: c.id }] },
          { op: 'replace', path: 'displayName', value: 'Kho tổng' },
        ],
      },
      { 'If-Match': group.meta.version },
    );
    const patched = await expectContract<{ displayName: string; members: { value: string }[] }>(patch, 'scimPatchGroup');
    expect(patch.status).toBe(200);
    expect(patched.displayName).toBe('Kho tổng');
    expect(patched.members.map((m) => m.value).sort()).toEqual([b.id, c.id].sort());
    const stale = await scim(
      'PATCH',
      `/Groups/${group.id}`,
      { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Y' }] },
      { 'If-Match': group.meta.version },
    );
    expect(stale.status).toBe(412);
    await expectContract(stale, 'scimPatchGroup');
    const list = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "kho tổng"')}`);
    expect((await expectContract<{ totalResults: number }>(list, 'scimListGroups')).totalResults).toBe(1);
    const badFilter = await scim('GET', '/Groups?filter=(((');
    expect(badFilter.status).toBe(400);
    await expectContract(badFilter, 'scimListGroups');
    const got = await scim('GET', `/Groups/${group.id}`);
    expect(got.headers.get('etag')).toBe('W/"2"');
    await expectContract(got, 'scimGetGroup');
    // Deprovisioning a user removes it from its groups.
    await scim('DELETE', `/Users/${b.id}`);
    const after = await expectContract<{ members: { value: string }[] }>(await scim('GET', `/Groups/${group.id}`), 'scimGetGroup');
    expect(after.members.map((m) => m.value)).toEqual([c.id]);
    const del = await scim('DELETE', `/Groups/${group.id}`);
    expect(del.status).toBe(204);
    await expectContract(del, 'scimDeleteGroup');
    const gone = await scim('GET', `/Groups/${group.id}`);
    expect(gone.status).toBe(404);
    await expectContract(gone, 'scimGetGroup');
    const goneDel = await scim('DELETE', `/Groups/${group.id}`);
    await expectContract(goneDel, 'scimDeleteGroup');
    const gonePatch = await scim('PATCH', `/Groups/${group.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Z' }],
    });
    expect(gonePatch.status).toBe(404);
    await expectContract(gonePatch, 'scimPatchGroup');
  });
});

describe('SCIM filter parsing (fuzzed)', () => {
  it('answers invalidFilter for trees the parser gets wrong (an infix "not" between two filters)', () => {
    // The parser accepts a prefix `not` without parentheses as a proper negation (lenient, and still right):
    expect(compileScimFilter('not userName co "x"').matches({ userName: 'abc' })).toBe(true);
    expect(compileScimFilter('active eq true or not emails.value co "x"').matches({ active: false, emails: [{ value: 'x' }] })).toBe(false);
    for (const text of ['userName pr not userName co "x"', 'active eq true not userName pr']) {
      let caught: unknown;
      try {
        compileScimFilter(text);
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(ScimProblem);
      expect((caught as ScimProblem).scimType).toBe('invalidFilter');
    }
    expect(compileScimFilter('userName pr and not (userName co "x")').matches({ userName: 'abc' })).toBe(true);
  });

  it('either compiles or answers invalidFilter, never anything else', () => {
    const token = fc.constantFrom(
      'userName',
      'emails.value',
      'active',
      'eq',
      'co',
      'sw',
      'pr',
      'and',
      'or',
      'not',
      '(',
      ')',
      '[',
      ']',
      '"x"',
      'true',
      ' ',
      '"',
      '\\',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(token, { maxLength: 12 }).map((t) => t.join(' ')),
          fc.string({ maxLength: 60 }),
        ),
        (text) => {
          try {
            const compiled = compileScimFilter(text);
            expect(typeof compiled.matches({ userName: 'x', active: true, emails: [{ value: 'x' }] })).toBe('boolean');
          } catch (error) {
            expect(error).toBeInstanceOf(ScimProblem);
            expect((error as ScimProblem).scimType).toBe('invalidFilter');
          }
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe('SCIM PATCH (fuzzed)', () => {
  it('either yields a valid user or answers a 400 SCIM error, never anything else', () => {
    const base = {
      schemas: [USER, ENTERPRISE],
      id: 'emp_1',
      userName: 'a@example.vn',
      active: true,
      name: { givenName: 'A' },
      emails: [{ value: 'a@example.vn', type: 'work', primary: true }],
      [ENTERPRISE]: { department: 'Kho' },
      meta: { resourceType: 'User', version: 'W/"1"' },
    };
    const path = fc.oneof(
      fc.constantFrom(
        'active',
        'userName',
        'displayName',
        'name.givenName',
        'emails',
        'emails[type eq "work"].value',
        'emails[value eq "a@example.vn"]',
        'phoneNumbers',
        `${ENTERPRISE}:department`,
        'members[value eq "x"]',
        'x.y.z',
        '',
        '[',
      ),
      fc.string({ maxLength: 20 }),
    );
    const op = fc.record(
      {
        op: fc.constantFrom('add', 'Replace', 'remove', 'REMOVE', 'copy', ''),
        path,
        value: fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom(
            'False',
            'True',
            [{ value: 'b@example.vn' }],
            { displayName: 'X' },
            { active: false, 'name.givenName': 'Z' },
            { 'emails[type eq "work"].value': 'q@example.vn', [`${ENTERPRISE}:department`]: 'D' },
            { 'x.y[': 1, ':': null },
          ),
        ),
      },
      { requiredKeys: ['op'] },
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 4 }), (ops) => {
        try {
          const user = normaliseScimUser(applyPatch(base, { schemas: [PATCH], Operations: ops }));
          expect(typeof user.personal.userName).toBe('string');
          expect(typeof user.active).toBe('boolean');
        } catch (error) {
          expect(error).toBeInstanceOf(ScimProblem);
          expect((error as ScimProblem).status).toBe(400);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
