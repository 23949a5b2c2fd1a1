/**
 * Row shapes of every table, as Kysely sees them (snake_case, exactly as stored).
 *
 * Storage conventions, identical on SQLite and PostgreSQL so the same repository code runs on both:
 * - timestamps are ISO-8601 UTC text with millisecond precision (`Date#toISOString()`): sortable as
 *   text, readable in a SQL shell and a backup, and free of driver-specific date parsing;
 * - JSON columns are text holding JSON, parsed in the repository (no jsonb/json1 differences);
 * - ids are text UUIDs; counters are `integer`.
 */
type Ts = string;
type Json = string;

export interface TenantsTable {
  id: string; name: string; domain: string; created_at: Ts; compliance_settings: Json;
  /** `enabled` or `disabled` (an operator disabled it: its admins, users and devices are refused). */
  status: string; disabled_at: Ts | null;
}
/** Operator credentials: they manage tenants and are no tenant's admin; only the SHA-256 of the secret is kept. */
export interface OperatorCredentialsTable { id: string; name: string; token_hash: string; created_at: Ts; last_used_at: Ts | null; revoked_at: Ts | null }
export interface UsersTable {
  tenant_id: string; id: string; user_principal_name: string; display_name: string; status: string; password_hash: string | null;
  user_type: string; department: string | null; job_title: string | null; attributes: Json; created_at: Ts; updated_at: Ts;
}
export interface GroupsTable {
  tenant_id: string; id: string; display_name: string; description: string | null; member_kind: string; membership_type: string;
  membership_rule: string | null; created_at: Ts; updated_at: Ts;
}
export interface GroupMembersTable { tenant_id: string; group_id: string; member_id: string; source: string }
export interface AdminRoleAssignmentsTable { tenant_id: string; id: string; user_id: string | null; role: string; scope_tags: Json; created_at: Ts }
export interface ApiTokensTable {
  tenant_id: string; id: string; name: string; token_hash: string; role: string; scope_tags: Json; created_by: string | null;
  created_at: Ts; expires_at: Ts | null; last_used_at: Ts | null; revoked_at: Ts | null;
}
export interface SessionsTable {
  tenant_id: string; id: string; user_id: string; token_hash: string; kind: string; created_at: Ts; expires_at: Ts; revoked_at: Ts | null;
  /** How the session was signed in (migration 0040): method list (JSON), time, device, strength. */
  methods: Json | null; auth_time: Ts | null; device_id: string | null; strength: string | null;
}
export interface AuditLogTable {
  tenant_id: string; seq: number; id: string; at: Ts; actor_type: string; actor_id: string | null; action: string;
  target_type: string | null; target_id: string | null; details: Json; prev_hash: string; hash: string;
  /** 'hmac-sha256' (keyed), or 'sha256' for entries written before the chain was keyed. */
  alg: string;
}
export interface AuditHeadsTable { tenant_id: string; seq: number; hash: string; /** HMAC of the head under the audit key; null before the chain was keyed. */ mac: string | null }
export interface EnrollmentProfilesTable {
  tenant_id: string; id: string; name: string; group_tag: string | null; target_group_ids: Json; scope_tags: Json; ownership: string; token_hash: string;
  expires_at: Ts; max_uses: number | null; uses: number; revoked_at: Ts | null; created_by: string | null; created_at: Ts;
}
export interface DevicesTable {
  tenant_id: string; id: string; display_name: string; hostname: string | null; platform: string; ownership: string; join_type: string;
  enrollment_profile_id: string | null; group_tag: string | null; primary_user_id: string | null; status: string;
  os_name: string | null; os_version: string | null; model: string | null; manufacturer: string | null; serial_number: string | null;
  agent_version: string | null; compliance_state: string; noncompliant_since: Ts | null; risk_level: string; scope_tags: Json;
  extension_attributes: Json; enrolled_at: Ts; last_checkin_at: Ts | null; created_at: Ts; updated_at: Ts;
  /** Fingerprint of the posture facts last stored in posture_reports (a check-in that repeats them adds no history row). */
  posture_fingerprint: string | null;
  category: string | null;
  /** Keyed hashes of the DMI product UUID and the machine-id reported at enrollment (re-enrollment finds the old record by them). */
  hardware_product_uuid_hash: string | null;
  hardware_machine_id_hash: string | null;
  /** On a record retired by a re-enrollment: the device that replaced it. */
  replaced_by_device_id: string | null;
  /** collectedAt of the latest posture report taken as the device's posture (older ones are not). */
  last_collected_at: Ts | null;
}
export interface DeviceCertificatesTable {
  tenant_id: string; serial: string; device_id: string; fingerprint256: string; not_before: Ts; not_after: Ts; status: string;
  issued_at: Ts; revoked_at: Ts | null; cert_pem: string;
}
export interface PostureReportsTable { tenant_id: string; id: string; device_id: string; collected_at: Ts; received_at: Ts; report: Json }
export interface CompliancePoliciesTable {
  tenant_id: string; id: string; display_name: string; kind: string; platform: string; graph: Json; normalized: Json; version: number;
  created_at: Ts; updated_at: Ts;
}
export interface PolicyAssignmentsTable {
  tenant_id: string; id: string; policy_type: string; policy_id: string; target_type: string; group_id: string | null; mode: string; created_at: Ts;
}
export interface DeviceComplianceTable { tenant_id: string; device_id: string; state: string; result: Json; evaluated_at: Ts }
export interface DeviceFailingSettingsTable { tenant_id: string; device_id: string; setting: string; code: string }
export interface JobsTable {
  tenant_id: string; id: string; kind: string; dedupe_key: string | null; payload: Json; run_at: Ts; status: string; attempts: number;
  max_attempts: number; lease_owner: string | null; lease_expires_at: Ts | null; last_error: string | null; created_at: Ts;
  finished_at: Ts | null; device_id: string | null; episode_id: string | null;
}
export interface OutboundMessagesTable {
  tenant_id: string; job_id: string; channel: string; message_id: string; state: string; started_at: Ts; finished_at: Ts | null; detail: string | null;
}
export interface DeviceCommandsTable {
  tenant_id: string; id: string; device_id: string; kind: string; payload: Json; status: string; created_at: Ts; delivered_at: Ts | null;
  completed_at: Ts | null; result_detail: string | null; dedupe_key: string | null;
  /** Until when a delivered command waits for its result before it is offered again. */
  lease_expires_at: Ts | null; delivery_count: number;
}
export interface MessageTemplatesTable {
  tenant_id: string; id: string; display_name: string; default_locale: string; messages: Json; created_at: Ts; updated_at: Ts;
}
export interface PushSubscriptionsTable { tenant_id: string; id: string; user_id: string; endpoint: string; keys: Json; created_at: Ts }
export interface AccessPoliciesTable { tenant_id: string; id: string; display_name: string; state: string; graph: Json; created_at: Ts; updated_at: Ts }
export interface NamedLocationsTable { tenant_id: string; id: string; display_name: string; kind: string; graph: Json; created_at: Ts; updated_at: Ts }
export interface SignInLogTable {
  tenant_id: string; id: string; at: Ts; user_id: string | null; app_id: string | null; device_id: string | null; ip: string | null;
  client_app: string | null; platform: string | null; result: string; report_only_results: Json; decision: Json;
}
export interface OutboxTable {
  id: string; tenant_id: string | null; topic: string; payload: Json; created_at: Ts; published_at: Ts | null; claimed_until: Ts | null;
}
export interface SettingsTable { key: string; value: string; updated_at: Ts }
export interface IdentitySettingsTable { tenant_id: string; settings: Json; updated_at: Ts }
export interface PasswordHistoryTable { tenant_id: string; id: string; user_id: string; password_hash: string; created_at: Ts }
export interface TotpFactorsTable { tenant_id: string; user_id: string; sealed_secret: string; status: string; last_step: number | null; created_at: Ts; confirmed_at: Ts | null }
export interface RecoveryCodesTable { tenant_id: string; user_id: string; code_hash: string; created_at: Ts; used_at: Ts | null }
export interface PasskeysTable {
  tenant_id: string; id: string; user_id: string; public_key: string; counter: number; transports: Json; aaguid: string; device_type: string;
  backed_up: number; attestation_format: string; device_id: string | null; display_name: string; created_at: Ts; last_used_at: Ts | null;
}
export interface SignInThrottleTable { account_key: string; bucket: string; failures: number; last_failure_at: Ts; blocked_until: Ts }
export interface FamiliarSourcesTable { tenant_id: string; user_id: string; source_key: string; last_success_at: Ts }
export interface ProtectionProfilesTable {
  tenant_id: string; id: string; display_name: string; description: string | null; settings: Json; group_ids: Json; created_at: Ts; updated_at: Ts;
}
export interface OidcClientsTable { tenant_id: string; id: string; display_name: string; app_id: string; metadata: Json; sealed_secret: string | null; created_at: Ts; updated_at: Ts }
export interface OidcSigningKeysTable {
  tenant_id: string; kid: string; alg: string; sealed_private_jwk: string; public_jwk: Json; status: string; created_at: Ts; retired_at: Ts | null;
}
export interface OidcPayloadsTable {
  tenant_id: string; model: string; id: string; payload: Json; grant_id: string | null; user_code: string | null; uid: string | null;
  account_id: string | null; expires_at: Ts | null; consumed_at: Ts | null;
}
export interface ScimTokensTable {
  tenant_id: string; id: string; name: string; token_hash: string; created_by: string | null; created_at: Ts; expires_at: Ts | null;
  revoked_at: Ts | null; last_used_at: Ts | null;
}
export interface ScimResourcesTable { tenant_id: string; resource_type: string; id: string; external_id: string | null; data: Json; version: number; created_at: Ts; updated_at: Ts }
export interface AuthTransactionsTable { tenant_id: string; id: string; token_hash: string; purpose: string; user_id: string | null; data: Json; expires_at: Ts; created_at: Ts }
export interface DevicePinsTable { tenant_id: string; user_id: string; device_id: string; pin_hash: string; history: Json; set_at: Ts; expires_at: Ts | null }
export interface ReplayGuardTable { tenant_id: string; kind: string; key: string; expires_at: Ts }
export interface GatewayAppsTable {
  tenant_id: string; id: string; display_name: string; app_id: string; hosts: Json; path_prefix: string; upstream_url: string; enabled: number; created_at: Ts; updated_at: Ts;
}
export interface SsfStreamsTable {
  tenant_id: string; id: string; description: string | null; audience: Json; delivery_method: string; endpoint_url: string | null;
  /** Sealed with the master key: the Authorization header value pushes carry. */
  authorization_header: string | null; events_requested: Json; status: string; status_reason: string | null; subjects: Json | null;
  created_by: string | null; created_at: Ts; updated_at: Ts;
}
export interface SsfTransmittersTable {
  tenant_id: string; id: string; display_name: string; issuer: string; jwks_uri: string; audience: string; configuration_url: string | null;
  remote_stream_id: string | null; /** Sealed with the master key. */ management_token: string | null; push_secret_hash: string; ca_pem: string | null;
  events_requested: Json; enabled: number; last_event_at: Ts | null; created_at: Ts; updated_at: Ts;
}
export interface SsfReceivedEventsTable {
  tenant_id: string; transmitter_id: string; jti: string; received_at: Ts; event_types: Json; subject: Json; actions: Json;
}

/** Every table, keyed by name: the type parameter of `Kysely<Database>`. */
export interface Database {
  tenants: TenantsTable; users: UsersTable; groups: GroupsTable; group_members: GroupMembersTable;
  admin_role_assignments: AdminRoleAssignmentsTable; api_tokens: ApiTokensTable; sessions: SessionsTable;
  audit_log: AuditLogTable; audit_heads: AuditHeadsTable; enrollment_profiles: EnrollmentProfilesTable; devices: DevicesTable;
  device_certificates: DeviceCertificatesTable; posture_reports: PostureReportsTable; compliance_policies: CompliancePoliciesTable;
  policy_assignments: PolicyAssignmentsTable; device_compliance: DeviceComplianceTable; jobs: JobsTable; device_commands: DeviceCommandsTable;
  message_templates: MessageTemplatesTable; push_subscriptions: PushSubscriptionsTable; access_policies: AccessPoliciesTable;
  named_locations: NamedLocationsTable; sign_in_log: SignInLogTable; outbox: OutboxTable; settings: SettingsTable;
  operator_credentials: OperatorCredentialsTable;
  identity_settings: IdentitySettingsTable; password_history: PasswordHistoryTable; totp_factors: TotpFactorsTable; recovery_codes: RecoveryCodesTable;
  passkeys: PasskeysTable; sign_in_throttle: SignInThrottleTable; familiar_sources: FamiliarSourcesTable; protection_profiles: ProtectionProfilesTable;
  oidc_clients: OidcClientsTable; oidc_signing_keys: OidcSigningKeysTable; oidc_payloads: OidcPayloadsTable; scim_tokens: ScimTokensTable;
  scim_resources: ScimResourcesTable; auth_transactions: AuthTransactionsTable; replay_guard: ReplayGuardTable; device_pins: DevicePinsTable;
  device_failing_settings: DeviceFailingSettingsTable;
  gateway_apps: GatewayAppsTable; ssf_streams: SsfStreamsTable; ssf_transmitters: SsfTransmittersTable; ssf_received_events: SsfReceivedEventsTable;
  outbound_messages: OutboundMessagesTable;
}
