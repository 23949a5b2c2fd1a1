import type { Fact } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { commandProblem, fileCause, fileProblem } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';

/**
 * Values firmware vendors leave in SMBIOS when nobody filled the field in. Reporting them
 * as a serial number would make unrelated devices look identical, so they become unknown.
 */
const SMBIOS_PLACEHOLDERS = new Set(
  ['', 'to be filled by o.e.m.', 'default string', 'system serial number', 'not specified', 'none', 'n/a', 'na', '0', '0123456789', 'system product name', 'system manufacturer', 'invalid', 'unknown', 'xxxxxxxxxx'].map((s) => s.toLowerCase()),
);

/** Interpret one /sys/class/dmi/id/* file: trimmed value, or undefined for a placeholder. */
export function parseDmiValue(text: string): string | undefined {
  const value = text.trim();
  return SMBIOS_PLACEHOLDERS.has(value.toLowerCase()) ? undefined : value;
}

async function dmiFact(probe: HostProbe, file: string, max: number): Promise<Fact<string>> {
  const path = `/sys/class/dmi/id/${file}`;
  const read = await probe.readFile(path);
  if (read.kind !== 'ok') {
    if (read.kind === 'missing' && !(await probe.exists('/sys/class/dmi/id'))) {
      return unknown('no /sys/class/dmi/id: the firmware exposes no SMBIOS tables (container or non-x86 host)', 'not-supported');
    }
    return unknown(fileProblem(path, read), fileCause(read));
  }
  const value = parseDmiValue(read.text);
  return value === undefined ? unknown(`${path} holds a firmware placeholder, not a real value`) : known(value.slice(0, max), path);
}

/** Serial number, model and manufacturer from SMBIOS via sysfs (serial needs root). */
export async function collectDeviceIdentity(probe: HostProbe): Promise<{ serialNumber: Fact<string>; model: Fact<string>; manufacturer: Fact<string> }> {
  return {
    serialNumber: await dmiFact(probe, 'product_serial', 128),
    model: await dmiFact(probe, 'product_name', 256),
    manufacturer: await dmiFact(probe, 'sys_vendor', 256),
  };
}

/** Hostname from the kernel (what uname -n reports). */
export async function collectHostname(probe: HostProbe): Promise<Fact<string>> {
  const path = '/proc/sys/kernel/hostname';
  const read = await probe.readFile(path);
  if (read.kind === 'ok' && read.text.trim() !== '') return known(read.text.trim().slice(0, 255), path);
  const run = await probe.run('uname', ['-n'], { timeoutMs: 5000 });
  if (run.kind === 'exited' && run.code === 0 && run.stdout.trim() !== '') return known(run.stdout.trim().slice(0, 255), 'uname -n');
  return unknown(read.kind === 'ok' ? `${path} is empty` : `${fileProblem(path, read)}; ${commandProblem('uname', run)}`);
}

/** Kernel release (uname -r). */
export async function collectKernel(probe: HostProbe): Promise<Fact<string>> {
  const path = '/proc/sys/kernel/osrelease';
  const read = await probe.readFile(path);
  if (read.kind === 'ok' && read.text.trim() !== '') return known(read.text.trim(), path);
  const run = await probe.run('uname', ['-r'], { timeoutMs: 5000 });
  if (run.kind === 'exited' && run.code === 0 && run.stdout.trim() !== '') return known(run.stdout.trim(), 'uname -r');
  return unknown(commandProblem('uname -r', run));
}
