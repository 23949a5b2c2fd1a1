import type { Fact, PostureFacts } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { commandProblem } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';
import { parseSocketfilterfwState } from './application-firewall.js';
import { parseCsrutilStatus } from './csrutil.js';
import { parseFdesetupStatus } from './fdesetup.js';
import { countSoftwareUpdates } from './softwareupdate.js';
import { parseSwVers } from './sw-vers.js';
import { parseSpHardware } from './system-profiler-hardware.js';

async function output(probe: HostProbe, cmd: string, args: string[], timeoutMs = 15_000): Promise<{ stdout: string } | { reason: string }> {
  const run = await probe.run(cmd, args, { timeoutMs });
  if (run.kind === 'exited' && run.code === 0) return { stdout: run.stdout };
  return { reason: commandProblem(`${cmd} ${args.join(' ')}`.trim(), run) };
}

function factOf<T>(value: T | undefined, source: string, missing: string): Fact<T> {
  return value === undefined ? unknown(missing) : known(value, source);
}

/** macOS facts from sw_vers, system_profiler, fdesetup, socketfilterfw, csrutil and softwareupdate. */
export async function collectMacosFacts(probe: HostProbe): Promise<PostureFacts> {
  const facts: PostureFacts = {};
  const sw = await output(probe, 'sw_vers', []);
  if ('stdout' in sw) {
    const v = parseSwVers(sw.stdout);
    facts['os.name'] = factOf(v.productName, 'sw_vers', 'sw_vers printed no ProductName');
    facts['os.version'] = factOf(v.productVersion, 'sw_vers', 'sw_vers printed no ProductVersion');
    facts['os.build'] = factOf(v.buildVersion, 'sw_vers', 'sw_vers printed no BuildVersion');
  } else facts['os.name'] = facts['os.version'] = facts['os.build'] = unknown(sw.reason);

  const kernel = await output(probe, 'uname', ['-r']);
  facts['os.kernel'] = 'stdout' in kernel ? known(kernel.stdout.trim(), 'uname -r') : unknown(kernel.reason);
  const host = await output(probe, 'hostname', []);
  facts['device.hostname'] = 'stdout' in host ? known(host.stdout.trim().slice(0, 255), 'hostname') : unknown(host.reason);

  const hw = await output(probe, 'system_profiler', ['SPHardwareDataType'], 30_000);
  if ('stdout' in hw) {
    const h = parseSpHardware(hw.stdout);
    const src = 'system_profiler SPHardwareDataType';
    facts['device.serialNumber'] = factOf(h.serialNumber, src, `${src} printed no serial number`);
    facts['device.model'] = factOf(h.modelIdentifier ?? h.modelName, src, `${src} printed no model`);
    facts['device.manufacturer'] = known('Apple Inc.', src);
  } else facts['device.serialNumber'] = facts['device.model'] = facts['device.manufacturer'] = unknown(hw.reason);

  const fde = await output(probe, 'fdesetup', ['status']);
  if ('stdout' in fde) {
    const f = parseFdesetupStatus(fde.stdout);
    facts['encryption.volumes'] =
      f === undefined
        ? unknown('fdesetup status printed no FileVault state')
        : known([{ mountPoint: '/', device: 'system volume', encrypted: f.encrypted, method: f.encrypted ? 'filevault' : 'none', system: true }], `fdesetup status: ${f.detail}`);
  } else facts['encryption.volumes'] = unknown(fde.reason);

  const fw = await output(probe, '/usr/libexec/ApplicationFirewall/socketfilterfw', ['--getglobalstate']);
  const fwState = 'stdout' in fw ? parseSocketfilterfwState(fw.stdout) : undefined;
  facts['firewall.enabled'] = 'stdout' in fw ? factOf(fwState, 'socketfilterfw --getglobalstate', 'socketfilterfw printed no state') : unknown(fw.reason);
  facts['firewall.product'] = known('alf', 'socketfilterfw');

  const sip = await output(probe, 'csrutil', ['status']);
  facts['codeIntegrity.enabled'] = 'stdout' in sip ? factOf(parseCsrutilStatus(sip.stdout), 'csrutil status', 'csrutil status printed no SIP state') : unknown(sip.reason);

  // softwareupdate --list asks Apple's servers; a long timeout keeps a slow network from failing the fact.
  const su = await output(probe, 'softwareupdate', ['--list'], 120_000);
  facts['updates.pendingSecurity'] = 'stdout' in su ? known(countSoftwareUpdates(su.stdout), 'softwareupdate --list') : unknown(su.reason);
  return facts;
}
