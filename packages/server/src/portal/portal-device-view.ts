import { gracePeriodNotice, joinSentences, type GracePeriodNotice } from '@verity/core';
import type { DeviceComplianceView } from '../compliance/compliance-compute.js';

/** What the portal shows for one device: every sentence decided here (tested), the page only lays it out. */
export interface PortalDeviceView {
  /** The badge: the device's lifecycle when it is not active (a retired device is not "noncompliant"), else its compliance. */
  readonly badge: { readonly state: string; readonly label: string };
  /** A sentence about the device as a whole (retired, revoked, grace period) with `{time}` for the browser to write; null when none. */
  readonly notice: { readonly text: string; readonly at: string | null } | null;
  /** One list item per failing setting: what is wrong and how to fix it, as sentences. */
  readonly fixes: readonly { readonly problem: string; readonly fix: string; readonly policy: string }[];
  /** Sentences about the check-in itself (expired, never checked in). */
  readonly remarks: readonly string[];
}

const COMPLIANCE_LABELS: Record<string, string> = {
  compliant: 'Compliant', noncompliant: 'Not compliant', inGracePeriod: 'Not compliant (grace period)', unknown: 'Unknown',
  notEvaluated: 'Not evaluated yet', error: 'Error', conflict: 'Policies conflict',
};

/** The portal's view of a device from its lifecycle status and its latest compliance evaluation. */
export function portalDeviceView(device: { status: string; updatedAt: string }, compliance: DeviceComplianceView, now: Date): PortalDeviceView {
  if (device.status !== 'active') {
    // Retired or revoked: it has no access whatever its last evaluation said, so there is nothing to fix on it.
    const retired = device.status === 'retired';
    return {
      badge: { state: device.status, label: retired ? 'Retired' : 'Revoked' },
      notice: { text: retired ? 'This device was retired on {time}: it is no longer managed and has no access. Enroll it again to use it for work.' : 'This device was revoked on {time} and has no access. Contact your IT department.', at: device.updatedAt },
      fixes: [],
      remarks: [],
    };
  }
  const grace: GracePeriodNotice | null = gracePeriodNotice(compliance.state, compliance.graceEndsAt, now);
  return {
    badge: { state: compliance.state, label: COMPLIANCE_LABELS[compliance.state] ?? compliance.state },
    notice: grace ? { text: grace.text, at: grace.at } : null,
    fixes: compliance.policies.flatMap((p) => p.settings
      .filter((s) => s.state !== 'compliant' && s.state !== 'notApplicable')
      .map((s) => ({ problem: joinSentences(s.reason), fix: joinSentences(s.remediation), policy: p.displayName }))),
    remarks: compliance.reasons.filter((r) => r.code === 'check-in-expired' || r.code === 'never-checked-in').map((r) => joinSentences(r.message)),
  };
}
