/**
 * SCIM 2.0 (RFC 7643/7644) resources over employees and groups: resource mapping, input
 * normalisation, filters (parsed by `scim2-parse-filter`, evaluated over the tenant's decrypted
 * users in memory — case-insensitive except `id`/`externalId`, as RFC 7643 defines caseExact),
 * PATCH (applied by `scim-patch` to the full resource, then normalised like a PUT), ETags and errors.
 */
import { validatePhoneNumber } from '@healthtrace/declaration';
import { type ScimPatchOperation, scimPatch } from 'scim-patch';
import { filter as compileAst, type Filter, parse as parseFilter } from 'scim2-parse-filter';
import type { Queryable } from '../db/database';
import type { HttpProblem } from '../http/problem';
import { newId } from './common';
import type { EmployeeInput, EmployeePersonal, EmployeeRecord } from './employees';

/** SCIM schema URNs. */
export const SCIM = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
} as const;

/** A SCIM error (RFC 7644 §3.12), answered as `application/scim+json`. */
export class ScimProblem extends Error {
  /** HTTP status. */
  readonly status: 400 | 401 | 403 | 404 | 409 | 412;
  /** SCIM error type (`invalidFilter`, `uniqueness`…). */
  readonly scimType: string | undefined;

  /**
   * @param status - HTTP status.
   * @param detail - human detail.
   * @param scimType - SCIM error type.
   */
  constructor(status: 400 | 401 | 403 | 404 | 409 | 412, detail: string, scimType?: string) {
    super(detail);
    this.status = status;
    this.scimType = scimType;
  }

  /**
   * The error body.
   *
   * @returns the SCIM error JSON.
   */
  body(): Record<string, unknown> {
    return {
      schemas: [SCIM.error],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}

/**
 * The weak ETag of a resource version.
 *
 * @param version - the version number.
 * @returns `W/"<version>"`.
 */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/**
 * Checks `If-Match` against the current version.
 *
 * @param header - the header value (absent: no precondition).
 * @param version - the current version.
 * @throws ScimProblem 412 when no listed tag matches.
 */
export function checkIfMatch(header: string | undefined, version: number): void {
  if (header === undefined || header.trim() === '*') return;
  const strip = (t: string): string => t.trim().replace(/^W\//, '');
  const current = strip(etagOf(version));
  if (!header.split(',').some((t) => strip(t) === current))
    throw new ScimProblem(412, `The resource changed: its ETag is now ${etagOf(version)}`);
}

/**
 * The SCIM User of an employee.
 *
 * @param e - the employee.
 * @param baseUrl - the server's public base URL.
 * @returns the resource.
 */
export function toScimUser(e: EmployeeRecord, baseUrl: string): Record<string, unknown> {
  const p = e.personal;
  const ext: Record<string, string> = {};
  if (e.department !== null) ext.department = e.department;
  if (p.employeeNumber !== undefined) ext.employeeNumber = p.employeeNumber;
  const hasExt = Object.keys(ext).length > 0;
  return {
    schemas: hasExt ? [SCIM.user, SCIM.enterprise] : [SCIM.user],
    id: e.id,
    ...(e.externalId !== null ? { externalId: e.externalId } : {}),
    userName: p.userName,
    ...(p.displayName !== undefined ? { displayName: p.displayName } : {}),
    ...(p.name !== undefined ? { name: p.name } : {}),
    active: e.active,
    ...(p.emails !== undefined ? { emails: p.emails } : {}),
    ...(p.phoneNumbers !== undefined ? { phoneNumbers: p.phoneNumbers } : {}),
    ...(hasExt ? { [SCIM.enterprise]: ext } : {}),
    meta: {
      resourceType: 'User',
      created: e.createdAt,
      lastModified: e.updatedAt,
      location: `${baseUrl}/scim/v2/Users/${e.id}`,
      version: etagOf(e.version),
    },
  };
}

const bad = (detail: string, scimType = 'invalidValue'): ScimProblem => new ScimProblem(400, detail, scimType);

function optString(value: unknown, name: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max) throw bad(`${name} must be a string of at most ${max} characters`);
  return value;
}

function toBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  // Entra ID sends "True"/"False" strings in PATCH values.
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw bad(`${name} must be a boolean`);
}

function multi<T>(value: unknown, name: string, map: (item: Record<string, unknown>, i: number) => T): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > 20) throw bad(`${name} must be an array of at most 20 items`);
  return value.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw bad(`${name}[${i}] must be an object`);
    return map(item as Record<string, unknown>, i);
  });
}

/**
 * Normalises a SCIM User body (POST, PUT, or the result of a PATCH) into employee fields.
 * Phone numbers valid for `@healthtrace/declaration`'s validator are stored in E.164.
 *
 * @param body - the resource.
 * @returns the fields.
 * @throws ScimProblem 400 `invalidValue`/`invalidSyntax`.
 */
export function normaliseScimUser(body: Record<string, unknown>): EmployeeInput {
  if (body.schemas !== undefined && (!Array.isArray(body.schemas) || !body.schemas.includes(SCIM.user)))
    throw bad(`schemas must include ${SCIM.user}`, 'invalidSyntax');
  const userName = optString(body.userName, 'userName', 256);
  if (userName === undefined || userName.trim() === '') throw bad('userName is required');
  const nameIn = body.name;
  let name: EmployeePersonal['name'];
  if (nameIn !== undefined && nameIn !== null) {
    if (typeof nameIn !== 'object' || Array.isArray(nameIn)) throw bad('name must be an object');
    const n = nameIn as Record<string, unknown>;
    name = {};
    for (const part of ['givenName', 'familyName', 'formatted'] as const) {
      const v = optString(n[part], `name.${part}`, 200);
      if (v !== undefined) name[part] = v;
    }
  }
  const emails = multi(body.emails, 'emails', (m, i) => {
    const value = optString(m.value, `emails[${i}].value`, 254);
    if (value === undefined || !/^[^\s@]+@[^\s@]+$/.test(value)) throw bad(`emails[${i}].value must be an e-mail address`);
    const type = optString(m.type, `emails[${i}].type`, 32);
    const primary = toBoolean(m.primary, `emails[${i}].primary`);
    return { value, ...(type !== undefined ? { type } : {}), ...(primary !== undefined ? { primary } : {}) };
  });
  const phoneNumbers = multi(body.phoneNumbers, 'phoneNumbers', (m, i) => {
    const raw = optString(m.value, `phoneNumbers[${i}].value`, 64);
    if (raw === undefined) throw bad(`phoneNumbers[${i}].value is required`);
    const checked = validatePhoneNumber(raw);
    const type = optString(m.type, `phoneNumbers[${i}].type`, 32);
    return { value: checked.ok ? checked.value.e164 : raw, ...(type !== undefined ? { type } : {}) };
  });
  const extIn = body[SCIM.enterprise];
  let department: string | undefined;
  let employeeNumber: string | undefined;
  if (extIn !== undefined && extIn !== null) {
    if (typeof extIn !== 'object' || Array.isArray(extIn)) throw bad('the enterprise extension must be an object');
    department = optString((extIn as Record<string, unknown>).department, 'department', 100);
    employeeNumber = optString((extIn as Record<string, unknown>).employeeNumber, 'employeeNumber', 64);
  }
  const externalId = optString(body.externalId, 'externalId', 64);
  const displayName = optString(body.displayName, 'displayName', 200);
  const personal: EmployeePersonal = { userName };
  if (displayName !== undefined) personal.displayName = displayName;
  if (name !== undefined) personal.name = name;
  if (emails !== undefined) personal.emails = emails;
  if (phoneNumbers !== undefined) personal.phoneNumbers = phoneNumbers;
  if (employeeNumber !== undefined) personal.employeeNumber = employeeNumber;
  return {
    externalId: externalId ?? null,
    department: department ?? null,
    active: toBoolean(body.active, 'active') ?? true,
    personal,
  };
}

/**
 * Applies a PatchOp body to a resource with `scim-patch`.
 *
 * @param resource - the current resource (not modified).
 * @param body - the PatchOp request.
 * @returns the patched resource.
 * @throws ScimProblem 400 (`invalidSyntax`, `invalidPath`, `noTarget`, `invalidValue`).
 */
export function applyPatch(resource: Record<string, unknown>, body: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(body.schemas) || !body.schemas.includes(SCIM.patch)) throw bad(`schemas must be [${SCIM.patch}]`, 'invalidSyntax');
  const ops = body.Operations;
  if (!Array.isArray(ops) || ops.length === 0 || ops.length > 100) throw bad('Operations must be a non-empty array', 'invalidSyntax');
  const normalised = ops.flatMap((o, i) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw bad(`Operations[${i}] must be an object`, 'invalidSyntax');
    const { op, path, value } = o as Record<string, unknown>;
    const lower = typeof op === 'string' ? op.toLowerCase() : '';
    if (lower !== 'add' && lower !== 'replace' && lower !== 'remove')
      throw bad(`Operations[${i}].op must be add, replace or remove`, 'invalidSyntax');
    if (path !== undefined && typeof path !== 'string') throw bad(`Operations[${i}].path must be a string`, 'invalidPath');
    if (lower === 'remove' && path === undefined) throw bad(`Operations[${i}]: remove needs a path`, 'noTarget');
    if (lower !== 'remove' && value === undefined) throw bad(`Operations[${i}]: ${lower} needs a value`);
    if (lower !== 'remove' && path === undefined && (typeof value !== 'object' || value === null || Array.isArray(value)))
      throw bad(`Operations[${i}]: without a path, the value must be an object of attributes`);
    if (path === undefined) return expandPathless(lower as 'add' | 'replace', value as Record<string, unknown>);
    // Entra ID removes group members as {"op":"Remove","path":"members","value":[{"value":"<id>"}]}: one value-path removal each.
    if (lower === 'remove' && Array.isArray(value) && value.every((v) => typeof (v as { value?: unknown } | null)?.value === 'string'))
      return value.map(
        (v) => ({ op: 'remove', path: `${path}[value eq ${JSON.stringify((v as { value: string }).value)}]` }) as ScimPatchOperation,
      );
    return [{ op: lower, path, ...(value !== undefined ? { value } : {}) } as ScimPatchOperation];
  });
  let patched: unknown;
  try {
    patched = scimPatch(structuredClone(resource) as never, normalised, { mutateDocument: false, treatMissingAsAdd: true });
  } catch (error) {
    const scimType = (error as { scimCode?: string }).scimCode;
    throw bad(`PATCH failed: ${(error as Error).message}`, scimType && scimType.length <= 32 ? scimType : 'invalidValue');
  }
  if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) throw bad('PATCH did not leave a resource');
  return patched as Record<string, unknown>;
}

/**
 * Splits a path-less add/replace whose value names attributes by path — Entra ID sends
 * `{"op":"Replace","value":{"name.givenName":"An","urn:…:enterprise:2.0:User:department":"Kho",
 * "emails[type eq \"work\"].value":"a@b"}}` — into one operation per such key. Plain attribute
 * names (and whole schema-extension objects) stay in one path-less operation.
 */
function expandPathless(op: 'add' | 'replace', value: Record<string, unknown>): ScimPatchOperation[] {
  const plain: Record<string, unknown> = {};
  const out: ScimPatchOperation[] = [];
  const schemaUrns = new Set([SCIM.user, SCIM.group, SCIM.enterprise].map((u) => u.toLowerCase()));
  for (const [key, v] of Object.entries(value)) {
    if (/[.[:]/.test(key) && !schemaUrns.has(key.toLowerCase())) out.push({ op, path: key, value: v } as ScimPatchOperation);
    else plain[key] = v;
  }
  if (Object.keys(plain).length > 0 || out.length === 0) out.unshift({ op, value: plain } as ScimPatchOperation);
  return out;
}

const CASE_EXACT = new Set(['id', 'externalid']);
/** Multi-valued complex attributes: a filter on the attribute itself means its `value` (e.g. Entra's `members eq "…"`). */
const MULTI_VALUED = new Set(['emails', 'phonenumbers', 'members']);

/**
 * `scim2-parse-filter` reads `emails[type eq "work"].value eq "x"` as `emails[type eq "work"] and
 * emails.value eq "x"`, which any two different e-mails could satisfy; RFC 7644 §3.4.2.2 means
 * ONE e-mail of type work with that value, i.e. `emails[type eq "work" and value eq "x"]`.
 */
function mergeValuePath(f: Filter & { filters: Filter[] }): Filter {
  const [path, sub] = f.filters;
  if (f.filters.length !== 2 || path?.op !== '[]' || !sub || sub.op === 'and' || sub.op === 'or' || sub.op === 'not' || sub.op === '[]')
    return f;
  const prefix = `${path.attrPath.toLowerCase()}.`;
  const subPath = (sub as { attrPath: string }).attrPath;
  if (!subPath.toLowerCase().startsWith(prefix)) return f;
  const inner = { ...sub, attrPath: subPath.slice(prefix.length) } as Filter;
  return { ...path, valFilter: { op: 'and', filters: [path.valFilter, inner] } as Filter };
}

function lowerFilter(given: Filter): Filter {
  const f = given.op === 'and' ? mergeValuePath(given as Filter & { filters: Filter[] }) : given;
  switch (f.op) {
    case 'and':
    case 'or':
      return { ...f, filters: f.filters.map(lowerFilter) };
    case 'not':
      return { ...f, filter: lowerFilter(f.filter) };
    case '[]':
      return { ...f, valFilter: lowerFilter(f.valFilter) };
    case 'pr':
      return f;
    default: {
      const given = f as Extract<Filter, { compValue: unknown }>;
      const c = MULTI_VALUED.has(given.attrPath.toLowerCase()) ? { ...given, attrPath: `${given.attrPath}.value` } : given;
      const last = c.attrPath.split(/[.:]/).pop()?.toLowerCase() ?? '';
      return typeof c.compValue === 'string' && !CASE_EXACT.has(last) ? { ...c, compValue: c.compValue.toLowerCase() } : c;
    }
  }
}

function lowerResource(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return CASE_EXACT.has(key.toLowerCase()) ? value : value.toLowerCase();
  if (Array.isArray(value)) return value.map((v) => lowerResource(v, key));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lowerResource(v, k)]));
  return value;
}

const keyOf = (obj: Record<string, unknown>, lowerName: string): string | undefined =>
  Object.keys(obj).find((k) => k.toLowerCase() === lowerName);

/** The values at an attribute path (`emails`, `urn:…:User:department`), arrays flattened. */
function valuesAt(resource: unknown, attrPath: string): unknown[] {
  const colon = attrPath.lastIndexOf(':');
  const path = colon === -1 ? attrPath.split('.') : [attrPath.slice(0, colon), ...attrPath.slice(colon + 1).split('.')];
  let current: unknown[] = [resource];
  for (const part of path) {
    const lower = part.toLowerCase();
    current = current.flatMap((v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
      const key = keyOf(v as Record<string, unknown>, lower);
      const next = key === undefined ? undefined : (v as Record<string, unknown>)[key];
      return next === undefined ? [] : Array.isArray(next) ? next : [next];
    });
  }
  return current;
}

/**
 * Compiles a filter tree. Comparisons are evaluated by `scim2-parse-filter`; logical operators
 * and value paths are evaluated here, because the library tests a value path's inner filter
 * against the whole array (so `emails[type eq "work" and value eq "x"]` matched a work e-mail
 * and ANOTHER e-mail with value x) instead of against each element.
 */
function compileNode(f: Filter): (r: unknown) => boolean {
  switch (f.op) {
    case 'and': {
      const parts = f.filters.map(compileNode);
      return (r) => parts.every((p) => p(r));
    }
    case 'or': {
      const parts = f.filters.map(compileNode);
      return (r) => parts.some((p) => p(r));
    }
    case 'not': {
      const inner = compileNode(f.filter);
      return (r) => !inner(r);
    }
    case '[]': {
      const inner = compileNode(f.valFilter);
      return (r) => valuesAt(r, f.attrPath).some((element) => inner(element));
    }
    default:
      return compileAst(f);
  }
}

/** Checks that a parsed filter tree has the shape {@link compileNode} expects (bounded depth). */
function assertFilterShape(f: unknown, depth: number): void {
  if (depth > 50) throw new Error('filter is nested too deeply');
  if (typeof f !== 'object' || f === null) throw new Error('malformed filter');
  const node = f as { op?: unknown; filters?: unknown; filter?: unknown; valFilter?: unknown; attrPath?: unknown };
  if (node.op === 'and' || node.op === 'or') {
    if (!Array.isArray(node.filters) || node.filters.length === 0) throw new Error(`malformed ${node.op} expression`);
    for (const part of node.filters) assertFilterShape(part, depth + 1);
  } else if (node.op === 'not') {
    if (node.filters !== undefined || node.filter === undefined) throw new Error('"not" must be followed by a parenthesised filter');
    assertFilterShape(node.filter, depth + 1);
  } else if (node.op === '[]') {
    if (typeof node.attrPath !== 'string') throw new Error('malformed value path');
    assertFilterShape(node.valFilter, depth + 1);
  } else if (typeof node.op !== 'string' || typeof node.attrPath !== 'string') {
    throw new Error('malformed comparison');
  }
}

/** A compiled SCIM filter. */
export interface CompiledFilter {
  /** Whether a resource matches. */
  matches(resource: Record<string, unknown>): boolean;
  /** The userName of a plain `userName eq "…"` filter (answered by the keyed hash), else `undefined`. */
  userNameEq: string | undefined;
}

/**
 * Parses a SCIM filter (`eq`, `ne`, `co`, `sw`, `ew`, `gt`…, `pr`, `and`, `or`, `not`, value paths).
 *
 * @param text - the `filter` query value, or `undefined` for everything.
 * @returns the compiled filter.
 * @throws ScimProblem 400 `invalidFilter`.
 */
export function compileScimFilter(text: string | undefined): CompiledFilter {
  if (text === undefined || text.trim() === '') return { matches: () => true, userNameEq: undefined };
  if (text.length > 500) throw bad('filter is longer than 500 characters', 'invalidFilter');
  let ast: Filter;
  try {
    ast = parseFilter(text);
  } catch (error) {
    throw bad(`filter: ${(error as Error).message}`.slice(0, 300), 'invalidFilter');
  }
  let test: (r: unknown) => boolean;
  try {
    // The parser accepts some malformed input as odd trees (`a pr not b co "x"` gives a `not` node with a
    // `filters` list): the shape is checked first, so such input is a 400, not a TypeError.
    assertFilterShape(ast, 0);
    test = compileNode(lowerFilter(ast));
  } catch (error) {
    throw bad(`filter: ${(error as Error).message}`.slice(0, 300), 'invalidFilter');
  }
  const userNameEq =
    ast.op === 'eq' &&
    (ast as { attrPath: string }).attrPath.toLowerCase() === 'username' &&
    typeof (ast as { compValue: unknown }).compValue === 'string'
      ? ((ast as { compValue: string }).compValue as string)
      : undefined;
  return {
    matches(resource) {
      try {
        return test(lowerResource(resource));
      } catch {
        return false;
      }
    },
    userNameEq,
  };
}

/**
 * Reads SCIM `startIndex` (≥ 1, default 1) and `count` (0–500, default 100).
 *
 * @param startIndex - the query value.
 * @param count - the query value.
 * @returns the numbers.
 * @throws ScimProblem 400 `invalidValue`.
 */
export function readScimPaging(startIndex: string | undefined, count: string | undefined): { startIndex: number; count: number } {
  const int = (v: string | undefined, name: string, dflt: number, min: number, max: number): number => {
    if (v === undefined) return dflt;
    if (!/^-?[0-9]{1,9}$/.test(v)) throw bad(`${name} must be an integer`);
    // RFC 7644 §3.4.2.4: values below the minimum are read as the minimum.
    return Math.min(max, Math.max(min, Number(v)));
  };
  return { startIndex: int(startIndex, 'startIndex', 1, 1, 1e9), count: int(count, 'count', 100, 0, 500) };
}

/**
 * A SCIM ListResponse.
 *
 * @param all - every matching resource.
 * @param startIndex - 1-based start.
 * @param count - page size.
 * @returns the body.
 */
export function listResponse(all: Record<string, unknown>[], startIndex: number, count: number): Record<string, unknown> {
  const page = all.slice(startIndex - 1, startIndex - 1 + count);
  return { schemas: [SCIM.list], totalResults: all.length, startIndex, itemsPerPage: page.length, Resources: page };
}

/**
 * Reads an RFC 7644 §3.10 attribute name (`userName`, `name.givenName`, `emails.value`,
 * `urn:…:core:2.0:User:userName`, `urn:…:enterprise:2.0:User:department`) as a lower-case path.
 */
function attributePath(name: string): string[] {
  const lower = name.trim().toLowerCase();
  const ext = SCIM.enterprise.toLowerCase();
  if (lower === ext || lower.startsWith(`${ext}:`))
    return [
      ext,
      ...lower
        .slice(ext.length + 1)
        .split('.')
        .filter(Boolean),
    ];
  for (const core of [SCIM.user, SCIM.group]) {
    const prefix = `${core.toLowerCase()}:`;
    if (lower.startsWith(prefix)) return lower.slice(prefix.length).split('.');
  }
  return lower.split('.');
}

function readAttributeList(text: string | undefined, name: string): string[][] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (text.length > 1000) throw bad(`${name} is longer than 1000 characters`);
  return text
    .split(',')
    .filter((a) => a.trim() !== '')
    .map(attributePath);
}

/** Attributes every representation keeps (RFC 7643 `returned: always`, plus the identifier IdPs match on). */
const alwaysOf = (resource: Record<string, unknown>): Set<string> =>
  new Set([
    'schemas',
    'id',
    'meta',
    (resource.meta as { resourceType?: unknown } | undefined)?.resourceType === 'Group' ? 'displayname' : 'username',
  ]);

function copyPath(from: Record<string, unknown>, to: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const key = keyOf(from, head);
  if (key === undefined) return;
  const value = from[key];
  if (rest.length === 0) {
    to[key] = value;
    return;
  }
  if (Array.isArray(value)) {
    const sub = value
      .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)
      .map((v) => {
        const picked: Record<string, unknown> = {};
        copyPath(v, picked, rest);
        return picked;
      })
      .filter((v) => Object.keys(v).length > 0);
    if (sub.length > 0) to[key] = sub;
  } else if (typeof value === 'object' && value !== null) {
    const target = (typeof to[key] === 'object' && to[key] !== null ? to[key] : {}) as Record<string, unknown>;
    copyPath(value as Record<string, unknown>, target, rest);
    if (Object.keys(target).length > 0) to[key] = target;
  }
}

function removePath(obj: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const key = keyOf(obj, head);
  if (key === undefined) return;
  if (rest.length === 0) {
    delete obj[key];
    return;
  }
  const value = obj[key];
  for (const item of Array.isArray(value) ? value : [value])
    if (typeof item === 'object' && item !== null) removePath(item as Record<string, unknown>, rest);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0) delete obj[key];
}

/**
 * Applies the `attributes` / `excludedAttributes` query parameters (RFC 7644 §3.4.2.5, §3.9) to a
 * resource. Names are case-insensitive and may be sub-attributes (`name.givenName`,
 * `emails.value`) or fully qualified by schema URN. `schemas`, `id`, `meta` and the resource's
 * identifier (`userName` of a User, `displayName` of a Group) are always returned.
 *
 * @param resource - the full resource.
 * @param attributes - the `attributes` query value, or `undefined`.
 * @param excludedAttributes - the `excludedAttributes` query value, or `undefined`.
 * @returns a new object with only the requested attributes.
 * @throws ScimProblem 400 `invalidValue` when a list is over 1,000 characters.
 */
export function projectAttributes(
  resource: Record<string, unknown>,
  attributes: string | undefined,
  excludedAttributes: string | undefined,
): Record<string, unknown> {
  const include = readAttributeList(attributes, 'attributes');
  const exclude = readAttributeList(excludedAttributes, 'excludedAttributes');
  if (!include && !exclude) return resource;
  const always = alwaysOf(resource);
  let out: Record<string, unknown>;
  if (include) {
    out = {};
    for (const key of Object.keys(resource)) if (always.has(key.toLowerCase())) out[key] = resource[key];
    for (const path of include) copyPath(resource, out, path);
    // copyPath shares nested values with `resource`: clone before removing inside them.
    if (exclude) out = structuredClone(out);
  } else out = structuredClone(resource);
  for (const path of exclude ?? []) if (!(path.length === 1 && always.has(path[0] as string))) removePath(out, path);
  return out;
}

function sortKey(resource: Record<string, unknown>, path: string[]): string | number | boolean | undefined {
  let value: unknown = resource;
  for (const part of path) {
    if (Array.isArray(value)) value = value.find((v) => (v as { primary?: unknown } | null)?.primary === true) ?? (value[0] as unknown);
    if (typeof value !== 'object' || value === null) return undefined;
    const key = keyOf(value as Record<string, unknown>, part);
    value = key === undefined ? undefined : (value as Record<string, unknown>)[key];
  }
  // A multi-valued attribute sorts by its primary (else first) value (RFC 7644 §3.4.2.3).
  if (Array.isArray(value)) value = value.find((v) => (v as { primary?: unknown } | null)?.primary === true) ?? value[0];
  if (typeof value === 'object' && value !== null) value = (value as { value?: unknown }).value;
  if (typeof value === 'string') return value.toLowerCase();
  return typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

/**
 * Sorts resources by `sortBy` / `sortOrder` (RFC 7644 §3.4.2.3): strings case-insensitively,
 * multi-valued attributes by their primary (else first) value, resources without the attribute
 * last in either order, ties kept in their original order.
 *
 * @param resources - the matching resources.
 * @param sortBy - the `sortBy` query value, or `undefined` to keep the order.
 * @param sortOrder - `ascending` (default) or `descending`, case-insensitively.
 * @returns a new sorted array.
 * @throws ScimProblem 400 `invalidValue` for another `sortOrder` or a long `sortBy`.
 */
export function sortResources(
  resources: readonly Record<string, unknown>[],
  sortBy: string | undefined,
  sortOrder: string | undefined,
): Record<string, unknown>[] {
  const order = (sortOrder ?? 'ascending').toLowerCase();
  if (order !== 'ascending' && order !== 'descending') throw bad('sortOrder must be ascending or descending');
  if (sortBy === undefined || sortBy.trim() === '') return [...resources];
  if (sortBy.length > 200) throw bad('sortBy is longer than 200 characters');
  const path = attributePath(sortBy);
  const sign = order === 'ascending' ? 1 : -1;
  return resources
    .map((resource, index) => ({ resource, index, key: sortKey(resource, path) }))
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) return a.key === b.key ? a.index - b.index : a.key === undefined ? 1 : -1;
      if (a.key === b.key) return a.index - b.index;
      const before = typeof a.key === typeof b.key ? a.key < b.key : typeof a.key < typeof b.key;
      return (before ? -1 : 1) * sign;
    })
    .map((e) => e.resource);
}

/** A stored group. */
export interface GroupRecord {
  /** Id. */
  id: string;
  /** Name. */
  displayName: string;
  /** HR id. */
  externalId: string | null;
  /** Version. */
  version: number;
  /** Creation (ISO). */
  createdAt: string;
  /** Last change (ISO). */
  updatedAt: string;
  /** Member employee ids. */
  members: string[];
}

/**
 * The SCIM Group of a record.
 *
 * @param g - the group.
 * @param baseUrl - public base URL.
 * @returns the resource.
 */
export function toScimGroup(g: GroupRecord, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [SCIM.group],
    id: g.id,
    ...(g.externalId !== null ? { externalId: g.externalId } : {}),
    displayName: g.displayName,
    members: g.members.map((value) => ({ value, $ref: `${baseUrl}/scim/v2/Users/${value}` })),
    meta: {
      resourceType: 'Group',
      created: g.createdAt,
      lastModified: g.updatedAt,
      location: `${baseUrl}/scim/v2/Groups/${g.id}`,
      version: etagOf(g.version),
    },
  };
}

/**
 * Normalises a SCIM Group body.
 *
 * @param body - the resource.
 * @returns name, external id and member ids.
 * @throws ScimProblem 400.
 */
export function normaliseScimGroup(body: Record<string, unknown>): { displayName: string; externalId: string | null; members: string[] } {
  if (body.schemas !== undefined && (!Array.isArray(body.schemas) || !body.schemas.includes(SCIM.group)))
    throw bad(`schemas must include ${SCIM.group}`, 'invalidSyntax');
  const displayName = optString(body.displayName, 'displayName', 200);
  if (displayName === undefined || displayName.trim() === '') throw bad('displayName is required');
  let members: string[] = [];
  if (body.members !== undefined && body.members !== null) {
    if (!Array.isArray(body.members) || body.members.length > 10_000) throw bad('members must be an array');
    members = body.members.map((m, i) => {
      const value = (m as { value?: unknown } | null)?.value;
      if (typeof value !== 'string' || value.length > 100) throw bad(`members[${i}].value must be a user id`);
      return value;
    });
  }
  return { displayName, externalId: optString(body.externalId, 'externalId', 64) ?? null, members: [...new Set(members)] };
}

interface GroupRow {
  id: string;
  display_name: string;
  external_id: string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

async function membersOf(db: Queryable, groupIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return out;
  const rows = await db.query<{ group_id: string; employee_id: string }>(
    'SELECT group_id, employee_id FROM scim_group_members WHERE group_id = ANY($1::text[]) ORDER BY employee_id',
    [groupIds],
  );
  for (const r of rows.rows) out.get(r.group_id)?.push(r.employee_id);
  return out;
}

const groupRecord = (r: GroupRow, members: string[]): GroupRecord => ({
  id: r.id,
  displayName: r.display_name,
  externalId: r.external_id,
  version: r.version,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
  members,
});

/**
 * Every group of a tenant, with members.
 *
 * @param db - the database.
 * @param tenantId - the tenant.
 * @returns the groups, oldest first.
 */
export async function loadGroups(db: Queryable, tenantId: string): Promise<GroupRecord[]> {
  const rows = await db.query<GroupRow>('SELECT * FROM scim_groups WHERE tenant_id = $1 ORDER BY created_at, id', [tenantId]);
  const members = await membersOf(
    db,
    rows.rows.map((r) => r.id),
  );
  return rows.rows.map((r) => groupRecord(r, members.get(r.id) ?? []));
}

/**
 * One group of a tenant.
 *
 * @param db - the database.
 * @param tenantId - the tenant.
 * @param id - the group.
 * @param forUpdate - lock the row.
 * @returns the group, or `undefined`.
 */
export async function getGroup(db: Queryable, tenantId: string, id: string, forUpdate = false): Promise<GroupRecord | undefined> {
  const rows = await db.query<GroupRow>(`SELECT * FROM scim_groups WHERE tenant_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [
    tenantId,
    id,
  ]);
  const row = rows.rows[0];
  if (!row) return undefined;
  return groupRecord(row, (await membersOf(db, [row.id])).get(row.id) ?? []);
}

async function setMembers(db: Queryable, tenantId: string, groupId: string, members: string[]): Promise<void> {
  if (members.length > 0) {
    const found = await db.query<{ id: string }>('SELECT id FROM employees WHERE tenant_id = $1 AND id = ANY($2::text[])', [
      tenantId,
      members,
    ]);
    if (found.rows.length !== members.length) throw bad('members must be users of this tenant');
  }
  await db.query('DELETE FROM scim_group_members WHERE group_id = $1', [groupId]);
  if (members.length > 0)
    await db.query('INSERT INTO scim_group_members (group_id, employee_id) SELECT $1, m FROM unnest($2::text[]) AS m', [groupId, members]);
}

/**
 * Creates a group (or, with `id`, replaces one) and its members.
 *
 * @param db - the transaction.
 * @param tenantId - the tenant.
 * @param input - normalised group.
 * @param now - the time.
 * @param id - the group to replace, or `undefined` to create.
 * @returns the group.
 * @throws ScimProblem 409 `uniqueness` for a taken displayName; 400 for members of other tenants.
 */
export async function saveGroup(
  db: Queryable,
  tenantId: string,
  input: { displayName: string; externalId: string | null; members: string[] },
  now: Date,
  id?: string,
): Promise<GroupRecord> {
  let row: GroupRow | undefined;
  try {
    row =
      id === undefined
        ? (
            await db.query<GroupRow>(
              `INSERT INTO scim_groups (id, tenant_id, display_name, external_id, version, created_at, updated_at)
               VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING *`,
              [newId('grp'), tenantId, input.displayName, input.externalId, now.toISOString()],
            )
          ).rows[0]
        : (
            await db.query<GroupRow>(
              `UPDATE scim_groups SET display_name = $3, external_id = $4, version = version + 1, updated_at = $5
               WHERE tenant_id = $1 AND id = $2 RETURNING *`,
              [tenantId, id, input.displayName, input.externalId, now.toISOString()],
            )
          ).rows[0];
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new ScimProblem(409, 'A group with this displayName exists', 'uniqueness');
    throw error;
  }
  if (!row) throw new ScimProblem(404, 'No such group');
  await setMembers(db, tenantId, row.id, input.members);
  return groupRecord(row, [...input.members].sort());
}

/**
 * Deletes a group.
 *
 * @param db - the database.
 * @param tenantId - the tenant.
 * @param id - the group.
 * @returns `false` when not found.
 */
export async function deleteGroup(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM scim_groups WHERE tenant_id = $1 AND id = $2', [tenantId, id])).rowCount > 0;
}

/**
 * Maps an {@link HttpProblem} raised inside a SCIM route to a SCIM error.
 *
 * @param problem - the problem.
 * @returns the SCIM error.
 */
export function scimFromProblem(problem: HttpProblem): ScimProblem {
  const s = problem.status;
  if (s === 401 || s === 403 || s === 404 || s === 412) return new ScimProblem(s, problem.message);
  if (s === 409) return new ScimProblem(409, problem.message, 'uniqueness');
  return new ScimProblem(400, problem.message, s === 415 || problem.code === 'bad-json' ? 'invalidSyntax' : 'invalidValue');
}
