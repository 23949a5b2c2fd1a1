import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AccessDecision, ClientAppType } from '@verity/core';
import { peerDevice } from './auth/device-certificate.js';
import type { VerifiedSession } from './auth/session-token.js';
import { cookieValue, type UserSignIn } from './auth/user-sign-in.js';
import { decideRequest, refusalForDecision, type RequestFacts } from './decision/request-decision.js';
import type { DecisionLog } from './decision/decision-log.js';
import { refusal, type Refusal } from './refusal/refusal-codes.js';
import { SESSION_COOKIE } from './refusal/send-refusal.js';
import type { SnapshotState } from './snapshot/snapshot-state.js';

/** A request let through, with what it was granted on. */
export interface Admitted {
  readonly facts: RequestFacts;
  readonly decision: AccessDecision;
  readonly decisionId: string;
  /** The credential was an `Authorization: Bearer` session token (not passed upstream). */
  readonly bearer: boolean;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/** The client's address as the engine reads it (IPv4-mapped IPv6 as plain IPv4). */
export function clientIp(socket: { remoteAddress?: string | undefined }): string | null {
  const a = socket.remoteAddress;
  if (!a) return null;
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/**
 * Every check a request passes before it is forwarded, in order: the gateway is ready and not
 * failed closed; the request names an app; the client's device certificate (if any) is ours,
 * current and of an active device; the session is genuine, current, not revoked and bound to
 * this device; the user is enabled; conditional access grants. Each refusal says why.
 */
export class RequestGate {
  constructor(
    private readonly state: SnapshotState,
    private readonly signIn: UserSignIn,
    private readonly decisions: DecisionLog,
    private readonly failedClosed: () => boolean,
    private readonly assertionHeader: string,
  ) {}

  /** The checks before any decision (shared by requests and by open streams evaluated again). */
  async admit(req: IncomingMessage, now: Date): Promise<Admitted | Refusal> {
    const state = this.state;
    if (!state.ready) return refusal('VERITY_GATEWAY_NOT_READY', 'The gateway has not received its first policy snapshot from the control plane yet; it lets nothing through until it has.', { fix: ['Try again in a few seconds.'], retryAfter: 5 });
    if (this.failedClosed()) return refusal('VERITY_GATEWAY_FAILED_CLOSED', 'The gateway has lost contact with the Verity control plane for too long to trust its last policy snapshot, so it lets nothing through.', { fix: ['Try again later; your administrator has been alerted by the gateway\'s health check.'], retryAfter: 30 });
    if (req.headers[this.assertionHeader] !== undefined) {
      return refusal('VERITY_GATEWAY_IDENTITY_HEADER_REFUSED', `The request carries a ${this.assertionHeader} header. Only the gateway sets it; a client sending one is refused rather than trusted or silently changed.`);
    }
    const target = req.url ?? '/';
    const app = state.routes.match(req.headers.host, target);
    if (!app) return refusal('VERITY_GATEWAY_NO_APP', `No app is published at ${req.headers.host ?? '(no host)'}${target.split('?')[0]}.`, { fix: ['Check the address.'] });

    const peer = peerDevice(req.socket as TLSSocket);
    if (peer.kind === 'untrusted') return refusal('VERITY_GATEWAY_DEVICE_CERT_UNTRUSTED', peer.detail, { fix: ['Choose the Verity device certificate when the browser asks, or none.'] });
    if (peer.kind === 'expired') return refusal('VERITY_GATEWAY_DEVICE_CERT_EXPIRED', peer.detail, { fix: ['Let the Verity agent check in: it renews the certificate. If it has expired, enroll the device again.'] });
    let device;
    if (peer.kind === 'device') {
      if (peer.tenantId !== state.tenantId) return refusal('VERITY_GATEWAY_DEVICE_CERT_UNTRUSTED', 'The device certificate belongs to another organisation.');
      device = state.devices.get(peer.deviceId);
      if (!device) return refusal('VERITY_GATEWAY_DEVICE_UNKNOWN', 'The device this certificate names is not registered (it may have been deleted).', { fix: ['Enroll the device again.'] });
      if (device.status !== 'active' || state.revokedSerials.has(peer.serial)) {
        return refusal('VERITY_GATEWAY_DEVICE_REVOKED', `The device "${device.displayName}" has been ${device.status === 'retired' ? 'retired' : 'revoked'} by an administrator; its certificate no longer grants access.`, { fix: ['Contact your administrator.'] });
      }
    }

    const authorization = req.headers.authorization;
    const bearer = typeof authorization === 'string' ? BEARER.exec(authorization)?.[1] : undefined;
    const credential = bearer ?? cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (!credential) return refusal('VERITY_GATEWAY_SIGN_IN_REQUIRED', `Sign in to reach ${app.displayName}.`, { fix: ['Sign in with your work account.'], signIn: true, links: [{ label: 'Sign in', href: '/.verity/sign-in' }] });
    const verified = await this.signIn.verify(credential, now);
    if (!isSession(verified)) return verified;
    const session = verified;
    // The account first: disabling a user also revokes their sessions, and "disabled" is the reason that helps.
    const user = state.users.get(session.userId);
    if (!user || !user.entry.enabled) return refusal('VERITY_GATEWAY_USER_DISABLED', 'Your account is disabled or no longer exists.', { fix: ['Contact your administrator.'], clearSession: true });
    if (state.revokedSessions.has(session.sessionId)) {
      return refusal('VERITY_GATEWAY_SESSION_REVOKED', 'This session was signed out or revoked (by you, an administrator or a security signal).', { fix: ['Sign in again.'], signIn: true, clearSession: true });
    }
    if (session.boundThumbprint !== null && (peer.kind !== 'device' || peer.thumbprint !== session.boundThumbprint)) {
      return refusal('VERITY_GATEWAY_SESSION_DEVICE_MISMATCH', 'This session was signed in on another device (or with another device certificate); it cannot be used here.', { fix: ['Sign in on this device.'], signIn: true, clearSession: true });
    }

    const facts: RequestFacts = {
      user, session, device, app, clientAppType: (bearer ? 'mobileAppsAndDesktopClients' : 'browser') satisfies ClientAppType,
      ip: clientIp(req.socket), userAgent: req.headers['user-agent'],
    };
    let decision: AccessDecision;
    try {
      decision = decideRequest(state, facts);
    } catch (err) {
      // A failing policy never grants.
      return refusal('VERITY_GATEWAY_DECISION_FAILED', `Access could not be decided (${err instanceof Error ? err.message : String(err)}); the gateway refuses rather than guess.`, { fix: ['Try again; if it persists, contact your administrator.'] });
    }
    const decisionId = this.decisions.record(facts, decision, state.version!, now);
    const refused = refusalForDecision(decision, facts, state.portalUrl, decisionId);
    return refused ?? { facts, decision, decisionId, bearer: bearer !== undefined };
  }

  /**
   * Why an open stream may no longer stay open, from the current state (null: it may). The same
   * checks as a new request, on the facts the stream was granted with, re-read from the snapshot.
   */
  refusedNow(facts: RequestFacts): string | null {
    const state = this.state;
    if (this.failedClosed()) return 'the gateway failed closed';
    if (state.revokedSessions.has(facts.session.sessionId)) return 'session revoked';
    const user = state.users.get(facts.user.entry.id);
    if (!user || !user.entry.enabled) return 'user disabled or deleted';
    const app = state.apps.find((a) => a.id === facts.app.id && a.enabled);
    if (!app) return 'app no longer published';
    let device = facts.device;
    if (device) {
      device = state.devices.get(device.id);
      if (!device || device.status !== 'active') return 'device revoked, retired or deleted';
    }
    const decision = decideRequest(state, { ...facts, user, app, device });
    return decision.result === 'grant' ? null : `conditional access now says ${decision.result} (${decision.reasons.map((r) => r.code).join(', ')})`;
  }
}

function isSession(v: VerifiedSession | Refusal): v is VerifiedSession {
  return (v as VerifiedSession).sessionId !== undefined;
}
