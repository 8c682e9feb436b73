/** SCIM schema URNs, media type and resource shapes shared by the SCIM test suites. */

/** Core User schema URN. */
export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** Core Group schema URN. */
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Enterprise User extension URN. */
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** PatchOp message URN. */
export const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** The SCIM media type. */
export const SCIM_JSON = 'application/scim+json';

/** A SCIM User as the server answers it. */
export interface ScimUser {
  id: string;
  userName: string;
  active: boolean;
  meta: { version: string; created?: string };
  [key: string]: unknown;
}
