import { z } from 'zod';

/**
 * The posture report an agent sends on every check-in. It is the contract between the
 * agent's collectors, the control plane and the compliance engine.
 *
 * Every observation is a `Fact`: either known (with the value and where it was read from)
 * or unknown (with the reason). A collector never guesses; the compliance engine maps an
 * unknown fact to the "unknown" setting state rather than to compliant or noncompliant.
 */
export const PLATFORMS = ['windows', 'macos', 'linux', 'ios', 'android', 'iot'] as const;
export type Platform = (typeof PLATFORMS)[number];

const text = (max = 256) => z.string().max(max);

/** A known observation: the value and the command or file it came from. */
export const knownFact = <T extends z.ZodType>(value: T) =>
  z.object({ state: z.literal('known'), value, source: text(256) }).strict();

/**
 * Why an observation could not be made, as far as the collector can tell: the software it reads
 * is not installed, the agent lacks root / administrator rights, or this host cannot have or report
 * it (no UEFI, no systemd, a container, an unsupported distribution). Remediation texts follow it.
 */
export const UNKNOWN_CAUSES = ['not-installed', 'needs-admin', 'not-supported'] as const;
export type UnknownCause = (typeof UNKNOWN_CAUSES)[number];

/** An observation the collector could not make, with the reason in one sentence (and its cause when known). */
export const unknownFact = z.object({ state: z.literal('unknown'), reason: text(512), cause: z.enum(UNKNOWN_CAUSES).optional() }).strict();

// Discriminated on `state`: one property read picks the branch (a plain union tries both and builds errors).
export const fact = <T extends z.ZodType>(value: T) => z.discriminatedUnion('state', [knownFact(value), unknownFact]);

export type Fact<T> = { state: 'known'; value: T; source: string } | { state: 'unknown'; reason: string; cause?: UnknownCause };

export const encryptedVolumeSchema = z
  .object({
    mountPoint: text(512),
    device: text(512),
    encrypted: z.boolean(),
    /** e.g. `luks2`, `dm-crypt`, `bitlocker`, `filevault`, `none`. */
    method: text(64),
    /** The volume holds the OS (root, system drive, boot volume). */
    system: z.boolean(),
  })
  .strict();
export type EncryptedVolume = z.infer<typeof encryptedVolumeSchema>;

/**
 * All facts Verity collects. Every key is optional because a platform may not have the
 * concept at all (a Linux host has no jailbreak state); absent means "not applicable to
 * this platform", `{state:'unknown'}` means "applicable but could not be read".
 */
export const postureFactsSchema = z
  .object({
    'os.name': fact(text()),
    'os.version': fact(text(64)),
    'os.build': fact(text(64)),
    'os.kernel': fact(text(256)),
    /** Linux distribution id from os-release `ID` (ubuntu, debian, rhel, fedora, ...). */
    'os.distribution': fact(text(64)),
    'device.hostname': fact(text(255)),
    'device.serialNumber': fact(text(128)),
    'device.model': fact(text(256)),
    'device.manufacturer': fact(text(256)),
    'tpm.present': fact(z.boolean()),
    'tpm.version': fact(text(32)),
    /** Per-volume encryption for the OS volume and every mounted data volume. */
    'encryption.volumes': fact(z.array(encryptedVolumeSchema).max(256)),
    'firewall.enabled': fact(z.boolean()),
    /** Which firewall answered: nftables, iptables, ufw, firewalld, windows-firewall, alf. */
    'firewall.product': fact(text(64)),
    'secureBoot.enabled': fact(z.boolean()),
    'updates.automaticSecurity': fact(z.boolean()),
    'updates.pendingSecurity': fact(z.number().int().min(0).max(1_000_000)),
    'screenLock.enabled': fact(z.boolean()),
    /** Seconds of inactivity before the screen locks. */
    'screenLock.idleSeconds': fact(z.number().int().min(0).max(10_000_000)),
    'password.required': fact(z.boolean()),
    'password.minLength': fact(z.number().int().min(0).max(1024)),
    /** Maximum password age in days (0 = never expires). */
    'password.maxAgeDays': fact(z.number().int().min(0).max(100_000)),
    /** Password complexity: `numeric`, `alphanumeric`, `complex` (Graph's requiredPasswordType family). */
    'password.type': fact(z.enum(['none', 'numeric', 'alphanumeric', 'complex'])),
    'antivirus.enabled': fact(z.boolean()),
    'antispyware.enabled': fact(z.boolean()),
    'antivirus.signatureUpToDate': fact(z.boolean()),
    'defender.realTimeProtection': fact(z.boolean()),
    'defender.enabled': fact(z.boolean()),
    'codeIntegrity.enabled': fact(z.boolean()),
    'jailbroken': fact(z.boolean()),
    'agent.version': fact(text(64)),
  })
  .partial()
  .strict();
export type PostureFacts = z.infer<typeof postureFactsSchema>;
export type PostureFactName = keyof PostureFacts;

export const postureReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    /** ISO 8601 time the collectors ran (agent clock; the server stamps its own receive time). */
    collectedAt: z.iso.datetime({ offset: true }),
    platform: z.enum(PLATFORMS),
    agentVersion: text(64),
    facts: postureFactsSchema,
  })
  .strict();
export type PostureReport = z.infer<typeof postureReportSchema>;
