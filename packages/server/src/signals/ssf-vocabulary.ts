/**
 * The Shared Signals vocabulary Verity speaks: event type URIs (CAEP 1.0, RISC 1.0, SSF 1.0),
 * delivery methods and the RFC 8935 error codes. One place, so transmitter, receiver and
 * metadata never disagree.
 */
const CAEP = 'https://schemas.openid.net/secevent/caep/event-type/';
const RISC = 'https://schemas.openid.net/secevent/risc/event-type/';
const SSF = 'https://schemas.openid.net/secevent/ssf/event-type/';

export const EVENT_TYPES = {
  sessionRevoked: `${CAEP}session-revoked`,
  credentialChange: `${CAEP}credential-change`,
  deviceComplianceChange: `${CAEP}device-compliance-change`,
  assuranceLevelChange: `${CAEP}assurance-level-change`,
  riskLevelChange: `${CAEP}risk-level-change`,
  accountDisabled: `${RISC}account-disabled`,
  accountEnabled: `${RISC}account-enabled`,
  verification: `${SSF}verification`,
  streamUpdated: `${SSF}stream-updated`,
} as const;

/** What Verity transmits (and so lists as `events_supported`); verification and stream-updated are always delivered. */
export const TRANSMITTED_EVENTS: readonly string[] = [
  EVENT_TYPES.sessionRevoked, EVENT_TYPES.credentialChange, EVENT_TYPES.deviceComplianceChange,
  EVENT_TYPES.riskLevelChange, EVENT_TYPES.accountDisabled, EVENT_TYPES.accountEnabled,
];

/** What Verity acts on as a receiver. */
export const RECEIVED_EVENTS: readonly string[] = [
  EVENT_TYPES.sessionRevoked, EVENT_TYPES.credentialChange, EVENT_TYPES.deviceComplianceChange, EVENT_TYPES.assuranceLevelChange,
  EVENT_TYPES.riskLevelChange, EVENT_TYPES.accountDisabled, EVENT_TYPES.verification,
];

/** Push delivery (RFC 8935); the only method Verity implements. */
export const PUSH_DELIVERY = 'urn:ietf:rfc:8935';
/** The media type of a Security Event Token (RFC 8417 §2.3). */
export const SET_MEDIA_TYPE = 'application/secevent+jwt';
/** The JWT `typ` of a Security Event Token. */
export const SET_TYP = 'secevent+jwt';

/** RFC 8935 §2.4 error codes a SET recipient answers with. */
export type PushErrorCode = 'invalid_request' | 'invalid_key' | 'invalid_issuer' | 'invalid_audience' | 'authentication_failed' | 'access_denied';
