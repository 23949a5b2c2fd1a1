/**
 * Which enrolled device records are the same machine. The agent reports two identifiers, each as
 * an application-specific keyed hash (never the raw value; systemd's machine-id(5) asks for that):
 * the firmware's DMI product UUID (needs root) and the OS installation's /etc/machine-id.
 */
export interface HardwareIdentity {
  /** HMAC-SHA256 of the DMI product UUID (SMBIOS system UUID), hex; null when unreadable. */
  readonly productUuidHash: string | null;
  /** HMAC-SHA256 of /etc/machine-id (or the platform's equivalent), hex; null when unreadable. */
  readonly machineIdHash: string | null;
}

/** A device record as re-enrollment sees it. */
export interface EnrolledHardware {
  readonly id: string;
  readonly status: string;
  readonly ownership: string;
  readonly primaryUserId: string | null;
  readonly hardware: HardwareIdentity;
}

/**
 * Same machine: the product UUIDs decide when both records have one (the firmware outlives a
 * reinstall, and cloned VMs share a machine-id but not a UUID); otherwise the machine-ids do.
 * Two records without a common identifier are never the same machine.
 */
export function sameHardware(a: HardwareIdentity, b: HardwareIdentity): boolean {
  if (a.productUuidHash !== null && b.productUuidHash !== null) return a.productUuidHash === b.productUuidHash;
  return a.machineIdHash !== null && b.machineIdHash !== null && a.machineIdHash === b.machineIdHash;
}

/** Whether an identity names anything at all (old agents and hosts without either identifier do not). */
export function hasHardwareIdentity(h: HardwareIdentity): boolean {
  return h.productUuidHash !== null || h.machineIdHash !== null;
}

/**
 * Whether a new enrollment replaces an existing record (which is then retired): an active record
 * of the same machine and the same kind. A corporate join replaces the corporate record; a
 * personal registration replaces only the same user's personal record, so one user can never
 * retire another's device or a corporate one (the identity is the agent's own claim). A
 * corporate and a personal record of one machine (a root agent and a user's agent) both stay;
 * `duplicateGroups` lists them.
 */
export function replacesOnEnrollment(newer: Omit<EnrolledHardware, 'id' | 'status'>, older: EnrolledHardware): boolean {
  if (older.status !== 'active' || !sameHardware(newer.hardware, older.hardware)) return false;
  if (newer.ownership === 'corporate') return older.ownership === 'corporate';
  return older.ownership === 'personal' && older.primaryUserId !== null && older.primaryUserId === newer.primaryUserId;
}

/**
 * Active records that are the same machine, grouped (groups of two or more, in input order). Union
 * of `sameHardware` pairs: n is the few records that share an identifier, so n² is fine.
 */
export function duplicateGroups<T extends EnrolledHardware>(devices: readonly T[]): T[][] {
  const active = devices.filter((d) => d.status === 'active' && hasHardwareIdentity(d.hardware));
  const parent = active.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let i = 0; i < active.length; i++)
    for (let j = i + 1; j < active.length; j++) if (sameHardware(active[i]!.hardware, active[j]!.hardware)) parent[root(j)] = root(i);
  const groups = new Map<number, T[]>();
  active.forEach((d, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), d]);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}
