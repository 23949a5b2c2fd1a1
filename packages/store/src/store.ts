import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SqliteCheckinWriter } from './sqlite-checkin-writer.js';
import type { RepositoryContext, StoreDialect } from './repository-context.js';
import { instrument, type OperationTiming, type Timings } from './timings.js';
import { tenantRepository, type TenantRepository } from './repositories/tenant-repository.js';
import { userRepository, type UserRepository } from './repositories/user-repository.js';
import { groupRepository, type GroupRepository } from './repositories/group-repository.js';
import { adminRoleRepository, type AdminRoleRepository } from './repositories/admin-role-repository.js';
import { apiTokenRepository, type ApiTokenRepository } from './repositories/api-token-repository.js';
import { sessionRepository, type SessionRepository } from './repositories/session-repository.js';
import { auditLog, type AuditKeyHolder, type AuditLog } from './repositories/audit-log.js';
import { enrollmentProfileRepository, type EnrollmentProfileRepository } from './repositories/enrollment-profile-repository.js';
import { deviceRepository, type DeviceRepository } from './repositories/device-repository.js';
import { deviceCertificateRepository, type DeviceCertificateRepository } from './repositories/device-certificate-repository.js';
import { postureRepository, type PostureRepository } from './repositories/posture-repository.js';
import { compliancePolicyRepository, type CompliancePolicyRepository } from './repositories/compliance-policy-repository.js';
import { policyAssignmentRepository, type PolicyAssignmentRepository } from './repositories/policy-assignment-repository.js';
import { deviceComplianceRepository, type DeviceComplianceRepository } from './repositories/device-compliance-repository.js';
import { jobQueue, type JobQueue } from './repositories/job-queue.js';
import { deviceCommandRepository, type DeviceCommandRepository } from './repositories/device-command-repository.js';
import { messageTemplateRepository, type MessageTemplateRepository } from './repositories/message-template-repository.js';
import { pushSubscriptionRepository, type PushSubscriptionRepository } from './repositories/push-subscription-repository.js';
import { accessPolicyRepository, type AccessPolicyRepository } from './repositories/access-policy-repository.js';
import { namedLocationRepository, type NamedLocationRepository } from './repositories/named-location-repository.js';
import { signInLogRepository, type SignInLogRepository } from './repositories/sign-in-log-repository.js';
import { outbox, type Outbox } from './repositories/outbox.js';
import { keyValueRepository, type KeyValueRepository } from './repositories/key-value-repository.js';
import { checkinRepository, type CheckinRepository } from './repositories/checkin-repository.js';
import { operatorCredentialRepository, type OperatorCredentialRepository } from './repositories/operator-credential-repository.js';
import { identitySettingsRepository, type IdentitySettingsRepository } from './repositories/identity-settings-repository.js';
import { passkeyRepository, type PasskeyRepository } from './repositories/passkey-repository.js';
import { signInFactorRepository, type SignInFactorRepository } from './repositories/sign-in-factor-repository.js';
import { signInThrottleRepository, type SignInThrottleRepository } from './repositories/sign-in-throttle-repository.js';
import { protectionProfileRepository, type ProtectionProfileRepository } from './repositories/protection-profile-repository.js';
import { oidcRepository, type OidcRepository } from './repositories/oidc-repository.js';
import { scimRepository, type ScimRepository } from './repositories/scim-repository.js';
import { authTransactionRepository, type AuthTransactionRepository } from './repositories/auth-transaction-repository.js';
import { reportRepository, type ReportRepository } from './repositories/report-repository.js';
import { gatewayAppRepository, type GatewayAppRepository } from './repositories/gateway-app-repository.js';
import { ssfStreamRepository, ssfTransmitterRepository, type SsfStreamRepository, type SsfTransmitterRepository } from './repositories/ssf-repository.js';
import { outboundMessageRepository, type OutboundMessageRepository } from './repositories/outbound-message-repository.js';

/** The store: one interface over SQLite or PostgreSQL. Every tenant-data method takes tenantId first. */
export interface Store {
  readonly dialect: StoreDialect;
  /** For the rare ad-hoc query; repositories are the normal way. Inside `transaction`, this is the transaction. */
  readonly db: Kysely<Database>;
  /** Runs `fn` in one transaction; repositories on `tx` use it; nested calls reuse the outer one. Rolls back on throw. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  readonly tenants: TenantRepository; readonly users: UserRepository; readonly groups: GroupRepository; readonly roles: AdminRoleRepository;
  readonly apiTokens: ApiTokenRepository; readonly sessions: SessionRepository; readonly audit: AuditLog;
  readonly enrollmentProfiles: EnrollmentProfileRepository; readonly devices: DeviceRepository; readonly certificates: DeviceCertificateRepository;
  readonly posture: PostureRepository; readonly compliancePolicies: CompliancePolicyRepository; readonly assignments: PolicyAssignmentRepository;
  readonly deviceCompliance: DeviceComplianceRepository; readonly jobs: JobQueue; readonly commands: DeviceCommandRepository;
  readonly messageTemplates: MessageTemplateRepository; readonly pushSubscriptions: PushSubscriptionRepository;
  readonly accessPolicies: AccessPolicyRepository; readonly namedLocations: NamedLocationRepository; readonly signIns: SignInLogRepository;
  readonly outbox: Outbox; readonly settings: KeyValueRepository;
  /** Identity provider (issue 13): settings, sign-in factors, throttling, protection profiles, OIDC, SCIM, sign-in transactions. */
  readonly identitySettings: IdentitySettingsRepository; readonly passkeys: PasskeyRepository; readonly signInFactors: SignInFactorRepository;
  readonly signInThrottle: SignInThrottleRepository; readonly protectionProfiles: ProtectionProfileRepository; readonly oidc: OidcRepository;
  readonly scim: ScimRepository; readonly authTransactions: AuthTransactionRepository;
  /** Apps behind the identity-aware gateway. */
  readonly gatewayApps: GatewayAppRepository;
  /** Shared Signals: streams Verity transmits on, transmitters it receives from. */
  readonly ssfStreams: SsfStreamRepository; readonly ssfTransmitters: SsfTransmitterRepository;
  /** Messages noncompliance jobs send (e-mail), recorded before they leave. */
  readonly outboundMessages: OutboundMessageRepository;
  /** The agent check-in hot path: device access and the whole check-in write as one unit. */
  readonly checkins: CheckinRepository;
  /** The installation operator's credentials (not tenant data). */
  readonly operatorCredentials: OperatorCredentialRepository;
  /** Dashboard aggregates (console). */
  readonly reports: ReportRepository;
  /** Per-repository-method call counts and total time, for the Prometheus exporter. */
  timings(): OperationTiming[];
  /** Closes the connection pool (or the SQLite file). */
  close(): Promise<void>;
}

/** What a store and its transaction views share. */
export interface StoreRuntime {
  readonly dialect: StoreDialect;
  readonly ids: () => string;
  readonly now: () => Date;
  readonly timings: Timings;
  readonly close: () => Promise<void>;
  readonly sqlite?: BetterSqlite3.Database;
  readonly checkinWriter?: SqliteCheckinWriter;
  readonly auditKey?: AuditKeyHolder;
}

/** Builds the repositories over a connection or a transaction. */
export function buildStore(db: Kysely<Database>, runtime: StoreRuntime): Store {
  const ctx: RepositoryContext = { db, dialect: runtime.dialect, ids: runtime.ids, now: runtime.now, sqlite: runtime.sqlite, checkinWriter: runtime.checkinWriter, auditKey: runtime.auditKey };
  const i = <T extends object>(name: string, repo: T): T => instrument(name, repo, runtime.timings);
  const store: Store = {
    dialect: runtime.dialect,
    db,
    async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      if (db.isTransaction) return fn(store);
      return db.transaction().execute((trx) => fn(buildStore(trx, runtime)));
    },
    tenants: i('tenants', tenantRepository(ctx)),
    users: i('users', userRepository(ctx)),
    groups: i('groups', groupRepository(ctx)),
    roles: i('roles', adminRoleRepository(ctx)),
    apiTokens: i('apiTokens', apiTokenRepository(ctx)),
    sessions: i('sessions', sessionRepository(ctx)),
    audit: i('audit', auditLog(ctx)),
    enrollmentProfiles: i('enrollmentProfiles', enrollmentProfileRepository(ctx)),
    devices: i('devices', deviceRepository(ctx)),
    certificates: i('certificates', deviceCertificateRepository(ctx)),
    posture: i('posture', postureRepository(ctx)),
    compliancePolicies: i('compliancePolicies', compliancePolicyRepository(ctx)),
    assignments: i('assignments', policyAssignmentRepository(ctx)),
    deviceCompliance: i('deviceCompliance', deviceComplianceRepository(ctx)),
    jobs: i('jobs', jobQueue(ctx)),
    commands: i('commands', deviceCommandRepository(ctx)),
    messageTemplates: i('messageTemplates', messageTemplateRepository(ctx)),
    pushSubscriptions: i('pushSubscriptions', pushSubscriptionRepository(ctx)),
    accessPolicies: i('accessPolicies', accessPolicyRepository(ctx)),
    namedLocations: i('namedLocations', namedLocationRepository(ctx)),
    signIns: i('signIns', signInLogRepository(ctx)),
    outbox: i('outbox', outbox(ctx)),
    settings: i('settings', keyValueRepository(ctx)),
    outboundMessages: i('outboundMessages', outboundMessageRepository(ctx)),
    checkins: i('checkins', checkinRepository(ctx)),
    operatorCredentials: i('operatorCredentials', operatorCredentialRepository(ctx)),
    identitySettings: i('identitySettings', identitySettingsRepository(ctx)),
    passkeys: i('passkeys', passkeyRepository(ctx)),
    signInFactors: i('signInFactors', signInFactorRepository(ctx)),
    signInThrottle: i('signInThrottle', signInThrottleRepository(ctx)),
    protectionProfiles: i('protectionProfiles', protectionProfileRepository(ctx)),
    oidc: i('oidc', oidcRepository(ctx)),
    scim: i('scim', scimRepository(ctx)),
    authTransactions: i('authTransactions', authTransactionRepository(ctx)),
    reports: i('reports', reportRepository(ctx)),
    gatewayApps: i('gatewayApps', gatewayAppRepository(ctx)),
    ssfStreams: i('ssfStreams', ssfStreamRepository(ctx)),
    ssfTransmitters: i('ssfTransmitters', ssfTransmitterRepository(ctx)),
    timings: () => runtime.timings.snapshot(),
    close: runtime.close,
  };
  return store;
}
