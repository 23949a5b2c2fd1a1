import { ACCESS_EVENT_PREFIX } from '../access/policy-set-cache.js';
import { APP_CHANGED } from '../apps/app-service.js';

/**
 * The server events that change what gateways decide on, each published after its transaction
 * commits. The snapshot feed turns each into a delta; Shared Signals turns some into SETs.
 */
export const GATEWAY_EVENTS = {
  /** A user was created, changed (status, type, attributes) or deleted: `{ userId }`. */
  userChanged: 'user.changed',
  /** A user's admin role assignments changed (directory roles in policies): `{ userId }`. */
  roleChanged: 'role.changed',
  /** Sessions were signed out or revoked: `{ userId, sessionIds }`. */
  sessionRevoked: 'session.revoked',
  /** Every topic (prefix) the snapshot feed listens to. */
  topics: [
    ACCESS_EVENT_PREFIX, APP_CHANGED,
    'device.compliance.changed', 'device.status', 'device.risk.changed', 'device.enrolled', 'device.deleted', 'device.checkin',
    'user.changed', 'role.changed', 'group.changed', 'session.revoked',
  ],
} as const;
