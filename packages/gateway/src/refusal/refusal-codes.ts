/**
 * Every way the gateway refuses a request, in one catalog: the stable code (documented in
 * docs/errors.md), the HTTP status and the title the page shows. The reason each is refused is
 * written where it is decided; what the user can do about it is in the refusal itself.
 */
export const GATEWAY_REFUSALS = {
  VERITY_GATEWAY_NOT_READY: { status: 503, title: 'The gateway is starting' },
  VERITY_GATEWAY_FAILED_CLOSED: { status: 503, title: 'The gateway cannot check access right now' },
  VERITY_GATEWAY_NO_APP: { status: 404, title: 'No app here' },
  VERITY_GATEWAY_BAD_REQUEST: { status: 400, title: 'The request is malformed' },
  VERITY_GATEWAY_REQUEST_SMUGGLING: { status: 400, title: 'The request is ambiguous' },
  VERITY_GATEWAY_HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  VERITY_GATEWAY_IDENTITY_HEADER_REFUSED: { status: 400, title: 'The request carries an identity assertion' },
  VERITY_GATEWAY_SIGN_IN_REQUIRED: { status: 401, title: 'Sign in to continue' },
  VERITY_GATEWAY_SESSION_INVALID: { status: 401, title: 'Your session is not valid' },
  VERITY_GATEWAY_SESSION_EXPIRED: { status: 401, title: 'Your session has expired' },
  VERITY_GATEWAY_SESSION_REVOKED: { status: 401, title: 'You were signed out' },
  VERITY_GATEWAY_SESSION_DEVICE_MISMATCH: { status: 401, title: 'This session belongs to another device' },
  VERITY_GATEWAY_USER_DISABLED: { status: 403, title: 'Your account is disabled' },
  VERITY_GATEWAY_DEVICE_CERT_UNTRUSTED: { status: 403, title: 'This device certificate is not trusted' },
  VERITY_GATEWAY_DEVICE_CERT_EXPIRED: { status: 403, title: 'This device certificate has expired' },
  VERITY_GATEWAY_DEVICE_UNKNOWN: { status: 403, title: 'This device is not registered' },
  VERITY_GATEWAY_DEVICE_REVOKED: { status: 403, title: 'This device no longer has access' },
  VERITY_GATEWAY_DEVICE_NOT_COMPLIANT: { status: 403, title: 'Register or fix your device' },
  VERITY_GATEWAY_MFA_REQUIRED: { status: 403, title: 'More verification is needed' },
  VERITY_GATEWAY_ACCESS_BLOCKED: { status: 403, title: 'Access is blocked' },
  VERITY_GATEWAY_CONTROLS_REQUIRED: { status: 403, title: 'Access needs more' },
  VERITY_GATEWAY_DECISION_FAILED: { status: 403, title: 'Access could not be decided' },
  VERITY_GATEWAY_SIGN_IN_FAILED: { status: 401, title: 'Sign-in failed' },
  VERITY_GATEWAY_SIGN_IN_UNAVAILABLE: { status: 503, title: 'Sign-in is unavailable' },
  VERITY_GATEWAY_RATE_LIMITED: { status: 429, title: 'Too many attempts' },
  VERITY_GATEWAY_UPSTREAM_UNAVAILABLE: { status: 502, title: 'The app does not answer' },
} as const;
export type GatewayRefusalCode = keyof typeof GATEWAY_REFUSALS;

/** One failing compliance setting and its fix, as the refusal page lists it. */
export interface RemediationItem { readonly policy: string; readonly setting: string; readonly reason: string; readonly remediation: string }

/** A refused request: what the page or the problem+json body says. */
export interface Refusal {
  readonly code: GatewayRefusalCode;
  /** Why, in one or two sentences naming the facts. */
  readonly detail: string;
  /** What the user can do, step by step (empty when nothing). */
  readonly fix: readonly string[];
  readonly links?: readonly { label: string; href: string }[];
  /** The failing settings of the user's device, for a device that is not compliant. */
  readonly remediation?: readonly RemediationItem[];
  /** Policies that decided (names), and controls still missing. */
  readonly policies?: readonly string[];
  readonly missingControls?: readonly string[];
  /** The decision id in the sign-in log, when a policy decision was made. */
  readonly decisionId?: string;
  /** Browsers are sent to the sign-in page instead of a page (no session, expired, revoked). */
  readonly signIn?: boolean;
  /** The session cookie is cleared with the answer (it is worthless). */
  readonly clearSession?: boolean;
  /** Seconds a client should wait (429, 503). */
  readonly retryAfter?: number;
}

/** A refusal with its catalog status and title. */
export function refusal(code: GatewayRefusalCode, detail: string, more: Omit<Refusal, 'code' | 'detail' | 'fix'> & { fix?: readonly string[] } = {}): Refusal {
  return { code, detail, fix: more.fix ?? [], ...more };
}
