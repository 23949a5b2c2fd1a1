export { startServer, VERITY_VERSION, type RunningServer, type StartOptions } from './server.js';
export { createTenantWithAdmin, type TenantBootstrap } from './tenants/tenant-bootstrap.js';
export type { ServerContext } from './context.js';
export { ADMIN_ROLES, PERMISSIONS, ROLE_PERMISSIONS, type AdminRole, type Permission } from './auth/roles.js';
