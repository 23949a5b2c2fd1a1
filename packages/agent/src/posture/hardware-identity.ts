import { createHmac } from 'node:crypto';
import type { HardwareIdentity, Platform } from '@verity/core';
import type { HostProbe } from '../host/host-probe.js';
import { commandProblem, fileProblem } from '../host/host-probe.js';

/**
 * The identifiers the server recognises a re-enrolling machine by (core's `sameHardware`): the
 * firmware's system UUID (DMI product UUID; Linux needs root to read it) and the OS installation's
 * machine id. Only keyed hashes leave the host: machine-id(5) asks applications never to expose
 * the id itself, but to derive an application-specific one from it, as sd_id128_get_machine_app_specific()
 * does (HMAC-SHA256 keyed by the id). The raw values are never logged.
 */
export interface CollectedHardwareIdentity {
  readonly identity: HardwareIdentity;
  /** Why an identifier is missing, one sentence each (for the enroll log line). */
  readonly missing: readonly string[];
}

const APPLICATION_ID = 'verity/hardware-identity/v1';

/** The application-specific hash of an identifier (hex), as sd_id128_get_machine_app_specific derives one. */
export function hardwareIdHash(kind: 'product-uuid' | 'machine-id', value: string): string {
  return createHmac('sha256', value).update(`${APPLICATION_ID}/${kind}`).digest('hex');
}

// Firmware that never filled the SMBIOS UUID in: every such board would look like one machine.
const PLACEHOLDER_UUIDS = new Set(['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '03000200-0400-0500-0006-000700080009']);

/** A system UUID, lower-cased; undefined when malformed or a firmware placeholder. */
export function parseProductUuid(text: string): string | undefined {
  const v = text.trim().toLowerCase();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v)) return undefined;
  return PLACEHOLDER_UUIDS.has(v) ? undefined : v;
}

/** An /etc/machine-id (32 lower-case hex digits, not all zero); undefined otherwise (an image not yet booted has none or "uninitialized"). */
export function parseMachineId(text: string): string | undefined {
  const v = text.trim().toLowerCase();
  return /^[0-9a-f]{32}$/.test(v) && !/^0+$/.test(v) ? v : undefined;
}

/** `ioreg -rd1 -c IOPlatformExpertDevice`: the `"IOPlatformUUID" = "…"` line (the Mac's hardware UUID). */
export function parseIoregPlatformUuid(stdout: string): string | undefined {
  const m = /"IOPlatformUUID"\s*=\s*"([^"]+)"/.exec(stdout);
  return m ? parseProductUuid(m[1]!) : undefined;
}

/** `reg query HKLM\SOFTWARE\Microsoft\Cryptography /v MachineGuid`: the per-installation GUID (Windows' machine id). */
export function parseRegMachineGuid(stdout: string): string | undefined {
  const m = /MachineGuid\s+REG_SZ\s+(\S+)/i.exec(stdout);
  return m ? parseProductUuid(m[1]!)?.replace(/-/g, '') : undefined;
}

async function fromFile(probe: HostProbe, path: string, parse: (text: string) => string | undefined, missing: string[]): Promise<string | undefined> {
  const read = await probe.readFile(path);
  if (read.kind !== 'ok') {
    missing.push(fileProblem(path, read));
    return undefined;
  }
  const value = parse(read.text);
  if (value === undefined) missing.push(`${path} holds no usable identifier`);
  return value;
}

async function fromCommand(probe: HostProbe, command: string, args: readonly string[], parse: (stdout: string) => string | undefined, missing: string[]): Promise<string | undefined> {
  const run = await probe.run(command, args, { timeoutMs: 15_000 });
  if (run.kind !== 'exited' || run.code !== 0) {
    missing.push(commandProblem(command, run));
    return undefined;
  }
  const value = parse(run.stdout);
  if (value === undefined) missing.push(`${command} printed no usable identifier`);
  return value;
}

/** The hardware identity of this host for `platform` (each identifier null when it cannot be read). */
export async function collectHardwareIdentity(probe: HostProbe, platform: Platform): Promise<CollectedHardwareIdentity> {
  const missing: string[] = [];
  let productUuid: string | undefined;
  let machineId: string | undefined;
  if (platform === 'linux') {
    productUuid = await fromFile(probe, '/sys/class/dmi/id/product_uuid', parseProductUuid, missing);
    machineId = await fromFile(probe, '/etc/machine-id', parseMachineId, missing);
    // Older distributions keep it only where D-Bus put it.
    if (machineId === undefined) machineId = await fromFile(probe, '/var/lib/dbus/machine-id', parseMachineId, []);
  } else if (platform === 'macos') {
    productUuid = await fromCommand(probe, 'ioreg', ['-rd1', '-c', 'IOPlatformExpertDevice'], parseIoregPlatformUuid, missing);
  } else if (platform === 'windows') {
    productUuid = await fromCommand(probe, 'powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', '(Get-CimInstance Win32_ComputerSystemProduct).UUID'], parseProductUuid, missing);
    machineId = await fromCommand(probe, 'reg', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Cryptography', '/v', 'MachineGuid'], parseRegMachineGuid, missing);
  } else missing.push(`the agent reads no hardware identity on ${platform}`);
  return {
    identity: {
      productUuidHash: productUuid === undefined ? null : hardwareIdHash('product-uuid', productUuid),
      machineIdHash: machineId === undefined ? null : hardwareIdHash('machine-id', machineId),
    },
    missing,
  };
}
