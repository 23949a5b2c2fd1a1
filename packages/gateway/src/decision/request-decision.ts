import { evaluateAccess, type AccessDecision, type ClientAppType, type SignInContext, type SignInPlatform, type SnapshotApp, type SnapshotDevice } from '@verity/core';
import type { VerifiedSession } from '../auth/session-token.js';
import { refusal, type Refusal } from '../refusal/refusal-codes.js';
import { engineDevice } from '../snapshot/engine-device.js';
import type { SnapshotState, UserView } from '../snapshot/snapshot-state.js';

/** The facts of one request, gathered by the gateway before it asks the engine. */
export interface RequestFacts {
  readonly user: UserView;
  readonly session: VerifiedSession;
  /** The device the client certificate names (any status; the engine sees only an active one). */
  readonly device: SnapshotDevice | undefined;
  readonly app: SnapshotApp;
  readonly clientAppType: ClientAppType;
  readonly ip: string | null;
  readonly userAgent: string | undefined;
}

/** The platform a User-Agent names, for requests without a device certificate (as Entra reads it). */
export function platformOfUserAgent(ua: string | undefined): SignInPlatform | null {
  if (!ua) return null;
  if (/Windows Phone/i.test(ua)) return 'windowsPhone';
  if (/Android/i.test(ua)) return 'android';
  if (/iPhone|iPad|iPod/i.test(ua)) return 'iOS';
  if (/Windows NT/i.test(ua)) return 'windows';
  if (/Mac OS X|Macintosh/i.test(ua)) return 'macOS';
  if (/Linux|X11|CrOS/i.test(ua)) return 'linux';
  return null;
}

/** The sign-in the engine sees for a request. */
export function signInOf(f: RequestFacts): SignInContext {
  const { device, deviceRefusal } = engineDevice(f.device);
  return {
    user: { id: f.user.entry.id, groupIds: f.user.groupIds, roleIds: f.user.roleIds, userType: f.user.entry.userType },
    appId: f.app.appId,
    clientAppType: f.clientAppType,
    platform: device && f.device ? f.device.platform : platformOfUserAgent(f.userAgent),
    ip: f.ip,
    device,
    deviceRefusal,
    signInRisk: 'none',
    userRisk: 'none',
    satisfied: {
      mfa: f.session.amr.includes('mfa'),
      authenticationStrength: null,
      passwordChanged: false,
      approvedApplication: false,
      compliantApplication: false,
    },
  };
}

/**
 * Decide a request locally with the pure engine over the snapshot's compiled policy set. A set
 * that could not be compiled, or an engine error, never grants: the caller refuses.
 */
export function decideRequest(state: SnapshotState, f: RequestFacts): AccessDecision {
  if (!state.policySet) throw new Error('no policy set');
  return evaluateAccess(state.policySet, signInOf(f));
}

const DEVICE_CONTROLS = new Set(['compliantDevice', 'domainJoinedDevice']);
const AUTH_CONTROLS = new Set(['mfa']);

/** What to tell the user about a decision that is not a grant (null for a grant). */
export function refusalForDecision(decision: AccessDecision, f: RequestFacts, portalUrl: string, decisionId: string): Refusal | null {
  if (decision.result === 'grant') return null;
  const enforced = decision.policies.filter((p) => p.state === 'enabled' && p.applied && p.result !== 'grant').map((p) => p.displayName);
  if (decision.result === 'block') {
    return refusal('VERITY_GATEWAY_ACCESS_BLOCKED', `Conditional access blocks ${f.app.displayName} for you here (${enforced.join(', ') || 'a policy that could not be evaluated'}).`, {
      fix: ['If you think this is wrong, contact your administrator and quote the sign-in id below.'], policies: enforced, decisionId,
    });
  }
  const missing = decision.missingControls.map((c) => c.control);
  const portal = { label: 'Open my devices in the Verity portal', href: f.device ? `${portalUrl}#device-${encodeURIComponent(f.device.id)}` : portalUrl };
  if (missing.some((c) => DEVICE_CONTROLS.has(c))) {
    const d = f.device;
    if (!d) {
      return refusal('VERITY_GATEWAY_DEVICE_NOT_COMPLIANT', `${f.app.displayName} needs a compliant device, and this browser did not present a Verity device certificate.`, {
        fix: ['Use a device enrolled in Verity, or enroll this one with the Verity agent.', 'If it is enrolled, make sure this browser presents the device certificate, then reload.'],
        links: [portal], policies: enforced, missingControls: missing, decisionId,
      });
    }
    const STATES: Record<string, string> = { noncompliant: 'not compliant', inGracePeriod: 'not compliant (grace period)', compliant: 'compliant but not joined as this app requires' };
    const state = STATES[d.complianceState] ?? `not compliant (its compliance is ${d.complianceState})`;
    return refusal('VERITY_GATEWAY_DEVICE_NOT_COMPLIANT', `${f.app.displayName} needs a compliant device; your device "${d.displayName}" is ${state}.`, {
      fix: d.remediation.length > 0
        ? ['Fix each setting listed above.', 'Let the Verity agent check in (it does so every few minutes; "verity-agent run --once" does it now).', 'Reload this page: access returns as soon as the device is compliant.']
        : ['Let the Verity agent check in ("verity-agent run --once"), then reload this page.', 'If it stays refused, contact your administrator and quote the sign-in id below.'],
      remediation: d.remediation, links: [portal], policies: enforced, missingControls: missing, decisionId,
    });
  }
  if (missing.some((c) => AUTH_CONTROLS.has(c))) {
    return refusal('VERITY_GATEWAY_MFA_REQUIRED', `${f.app.displayName} requires multi-factor authentication, and this session was signed in with a password only.`, {
      fix: ['Verify with a second factor at Verity\'s sign-in (an authenticator app, a passkey or this device\'s PIN); browsers are sent there.', 'Ask your administrator if you have none set up.'],
      links: [{ label: 'Verify', href: '/.verity/sign-in?reason=VERITY_GATEWAY_MFA_REQUIRED' }], policies: enforced, missingControls: missing, decisionId,
    });
  }
  return refusal('VERITY_GATEWAY_CONTROLS_REQUIRED', `${f.app.displayName} requires: ${decision.missingControls.map((c) => c.message).join(' ')}`, {
    fix: ['Contact your administrator and quote the sign-in id below.'], policies: enforced, missingControls: missing, decisionId,
  });
}
