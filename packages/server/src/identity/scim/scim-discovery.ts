import { SCIM } from './scim-resources.js';

/** `/ServiceProviderConfig` (RFC 7643 §5): what this SCIM service supports. */
export function serviceProviderConfig(baseUrl: string): Record<string, unknown> {
  return {
    schemas: [SCIM.spc],
    documentationUri: 'https://verity.dev/docs/identity#scim',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer token', description: 'A SCIM token of the tenant (vsc_…), created by an admin.', primary: true }],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

/** `/ResourceTypes` (RFC 7643 §6). */
export function resourceTypes(baseUrl: string): Record<string, unknown>[] {
  return [
    { schemas: [SCIM.resourceType], id: 'User', name: 'User', endpoint: '/Users', schema: SCIM.user, schemaExtensions: [{ schema: SCIM.enterprise, required: false }], meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` } },
    { schemas: [SCIM.resourceType], id: 'Group', name: 'Group', endpoint: '/Groups', schema: SCIM.group, meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` } },
  ];
}

const attr = (name: string, type: string, extra: Record<string, unknown> = {}) => ({ name, type, multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', ...extra });

/** `/Schemas` (RFC 7643 §7): the attributes Verity stores. */
export function schemas(baseUrl: string): Record<string, unknown>[] {
  const multi = (name: string) => attr(name, 'complex', { multiValued: true, subAttributes: [attr('value', 'string'), attr('type', 'string'), attr('primary', 'boolean')] });
  return [
    {
      schemas: [SCIM.schema], id: SCIM.user, name: 'User', description: 'User Account',
      attributes: [
        attr('userName', 'string', { required: true, uniqueness: 'server' }), attr('displayName', 'string'), attr('active', 'boolean'), attr('title', 'string'), attr('userType', 'string'),
        attr('name', 'complex', { subAttributes: [attr('formatted', 'string'), attr('givenName', 'string'), attr('familyName', 'string')] }), multi('emails'), multi('phoneNumbers'),
        attr('preferredLanguage', 'string'), attr('locale', 'string'),
      ],
      meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${SCIM.user}` },
    },
    { schemas: [SCIM.schema], id: SCIM.enterprise, name: 'EnterpriseUser', description: 'Enterprise User', attributes: [attr('department', 'string'), attr('employeeNumber', 'string'), attr('costCenter', 'string')], meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${SCIM.enterprise}` } },
    {
      schemas: [SCIM.schema], id: SCIM.group, name: 'Group', description: 'Group',
      attributes: [attr('displayName', 'string', { required: true }), attr('members', 'complex', { multiValued: true, subAttributes: [attr('value', 'string', { mutability: 'immutable' }), attr('$ref', 'reference'), attr('type', 'string')] })],
      meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${SCIM.group}` },
    },
  ];
}
