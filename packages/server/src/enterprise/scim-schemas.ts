/**
 * SCIM 2.0 discovery (RFC 7643 §5–§7, RFC 7644 §4): the ServiceProviderConfig, the schema
 * definitions of the attributes this server stores (core User with the enterprise extension,
 * core Group) and the two resource types. Only attributes that are really stored are described,
 * so an IdP's attribute mapping (Okta, Entra ID, Workday) shows what survives a round trip.
 */

/** SCIM discovery URNs. */
export const SCIM_DISCOVERY = {
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
} as const;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

type Attr = Record<string, unknown>;

/** An attribute definition with the RFC 7643 §7 defaults filled in. */
function attr(name: string, description: string, extra: Partial<Attr> = {}): Attr {
  return {
    name,
    type: 'string',
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...extra,
  };
}

const multi = (name: string, description: string, subAttributes: Attr[]): Attr =>
  attr(name, description, { type: 'complex', multiValued: true, subAttributes });

const typeAttr = (canonicalValues: string[]): Attr => attr('type', 'A label for the function of the value', { canonicalValues });

const userSchema = {
  id: USER,
  name: 'User',
  description: 'An employee of the tenant. Personal attributes are encrypted at rest.',
  attributes: [
    attr('userName', 'Unique (per tenant, case-insensitively) identifier of the user', { required: true, uniqueness: 'server' }),
    attr('externalId', "The HR system's identifier", { caseExact: true }),
    attr('displayName', 'Name shown to people'),
    attr('name', 'The components of the name', {
      type: 'complex',
      subAttributes: [attr('formatted', 'Full name'), attr('familyName', 'Family name'), attr('givenName', 'Given name')],
    }),
    attr('active', 'Whether the employee is active', { type: 'boolean' }),
    multi('emails', 'E-mail addresses', [
      attr('value', 'An e-mail address'),
      typeAttr(['work', 'home', 'other']),
      attr('primary', 'The preferred address', { type: 'boolean' }),
    ]),
    multi('phoneNumbers', 'Phone numbers (stored in E.164 when valid)', [
      attr('value', 'A phone number'),
      typeAttr(['work', 'mobile', 'other']),
    ]),
  ],
  meta: { resourceType: 'Schema' },
};

const enterpriseSchema = {
  id: ENTERPRISE,
  name: 'EnterpriseUser',
  description: 'Enterprise User extension (RFC 7643 §4.3): the attributes this server stores.',
  attributes: [attr('employeeNumber', 'Employee number in the organisation'), attr('department', 'Department')],
  meta: { resourceType: 'Schema' },
};

const groupSchema = {
  id: GROUP,
  name: 'Group',
  description: 'A group of employees (for example a department).',
  attributes: [
    attr('displayName', 'Unique (per tenant) name of the group', { required: true, uniqueness: 'server' }),
    attr('externalId', "The HR system's identifier", { caseExact: true }),
    multi('members', 'Members of the group (users of the same tenant)', [
      attr('value', 'The id of a member user', { caseExact: true, mutability: 'immutable' }),
      attr('$ref', 'The URI of the member', { type: 'reference', referenceTypes: ['User'], mutability: 'immutable' }),
      attr('display', 'Name of the member', { mutability: 'readOnly' }),
    ]),
  ],
  meta: { resourceType: 'Schema' },
};

/**
 * The schema definitions (RFC 7643 §7), with `schemas` and `meta.location` filled in.
 *
 * @param baseUrl - the server's public base URL (no trailing slash).
 * @returns User, EnterpriseUser and Group schemas.
 * @example
 * ```ts
 * const [user] = scimSchemas('https://ht.example');
 * ```
 */
export function scimSchemas(baseUrl: string): Record<string, unknown>[] {
  return [userSchema, enterpriseSchema, groupSchema].map((s) => ({
    schemas: [SCIM_DISCOVERY.schema],
    ...s,
    meta: { ...s.meta, location: `${baseUrl}/scim/v2/Schemas/${s.id}` },
  }));
}

/**
 * The resource types (RFC 7643 §6): User (with the enterprise extension) and Group.
 *
 * @param baseUrl - the server's public base URL (no trailing slash).
 * @returns the two resource types.
 * @example
 * ```ts
 * const types = scimResourceTypes('https://ht.example');
 * ```
 */
export function scimResourceTypes(baseUrl: string): Record<string, unknown>[] {
  return [
    {
      schemas: [SCIM_DISCOVERY.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'Employees',
      schema: USER,
      schemaExtensions: [{ schema: ENTERPRISE, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/scim/v2/ResourceTypes/User` },
    },
    {
      schemas: [SCIM_DISCOVERY.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Groups of employees',
      schema: GROUP,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/scim/v2/ResourceTypes/Group` },
    },
  ];
}

/**
 * The ServiceProviderConfig (RFC 7643 §5). Bulk is declared unsupported: neither Okta nor Entra
 * ID nor Workday needs it — they provision one resource per request.
 *
 * @param baseUrl - the server's public base URL (no trailing slash).
 * @param maxResults - the largest page (`count`) the server returns.
 * @returns the configuration.
 * @example
 * ```ts
 * const config = scimServiceProviderConfig('https://ht.example', 500);
 * ```
 */
export function scimServiceProviderConfig(baseUrl: string, maxResults: number): Record<string, unknown> {
  return {
    schemas: [SCIM_DISCOVERY.serviceProviderConfig],
    documentationUri: 'https://github.com/healthtrace/healthtrace/tree/main/packages/server#scim-20-provisioning',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'API key bearer token',
        description: 'An enterprise API key with the scim scope, sent as Authorization: Bearer',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/scim/v2/ServiceProviderConfig` },
  };
}
