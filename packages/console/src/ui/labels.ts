// Human labels for the API's codes. Pure, so the unit tests pin them.

const COMPLIANCE: Record<string, string> = {
  compliant: 'Compliant', noncompliant: 'Not compliant', inGracePeriod: 'In grace period', unknown: 'Unknown',
  notEvaluated: 'Not evaluated yet', error: 'Error', conflict: 'Policies conflict', notApplicable: 'Not applicable',
};
const PLATFORM: Record<string, string> = { windows: 'Windows', macos: 'macOS', linux: 'Linux', ios: 'iOS', android: 'Android', iot: 'IoT' };
const STATUS: Record<string, string> = { active: 'Active', revoked: 'Revoked', retired: 'Retired' };
const SIGN_IN: Record<string, string> = { grant: 'Granted', block: 'Blocked', controlsRequired: 'More controls required' };
const ACTION: Record<string, string> = {
  block: 'Mark noncompliant', notification: 'E-mail the user', pushNotification: 'Push notification', remoteLock: 'Remote lock', retire: 'Retire',
};

const from = (table: Record<string, string>) => (code: string | null | undefined): string => (code == null ? '—' : table[code] ?? code);

/** "Not compliant" for noncompliant, and so on; unknown codes as they are. */
export const complianceLabel = from(COMPLIANCE);
export const platformLabel = from(PLATFORM);
export const statusLabel = from(STATUS);
export const signInResultLabel = from(SIGN_IN);
export const actionTypeLabel = from(ACTION);
export const ownershipLabel = from({ corporate: 'Corporate', personal: 'Personal' });
export const CA_STATE_LABEL: Record<string, string> = { enabled: 'On', disabled: 'Off', enabledForReportingButNotEnforced: 'Report-only' };

/** Mantine color of a compliance or device state. */
export function stateColor(state: string): string {
  switch (state) {
    case 'compliant': case 'active': case 'grant': case 'enabled': return 'green';
    case 'noncompliant': case 'block': case 'revoked': case 'error': case 'failed': return 'red';
    case 'inGracePeriod': case 'controlsRequired': case 'enabledForReportingButNotEnforced': case 'pending': return 'yellow';
    default: return 'gray';
  }
}

/** A timestamp for people: local date and time, "never" for null. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** How long ago, coarsely ("3 min ago", "5 h ago", "2 days ago"), relative to `now`. */
export function ago(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return 'never';
  const s = Math.round((now.getTime() - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(s)) return iso;
  if (s < 0) return 'in the future';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const days = Math.floor(s / 86_400);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** A posture or policy value for display: arrays joined, objects as compact JSON, null as a dash. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return JSON.stringify(v);
}
