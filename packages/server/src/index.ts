export { startServer, VERITY_VERSION, type RunningServer, type StartOptions } from './server.js';
export { createTenantWithAdmin, issueBootstrapToken, type TenantBootstrap } from './tenants/tenant-bootstrap.js';
export { hashBearerSecret } from './auth/secrets.js';
export type { ServerContext } from './context.js';
export { ADMIN_ROLES, PERMISSIONS, ROLE_PERMISSIONS, type AdminRole, type Permission } from './auth/roles.js';
export { createSecretBox, type SecretBox } from './device-ca/secret-box.js';
export { SEALED_PREFIX, SMTP_PASSWORD_PURPOSE } from './notifications/smtp-mailer.js';
export { checkSignedAuditHead, type SignedAuditHead } from './audit/signed-head.js';
