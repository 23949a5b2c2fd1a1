import type { Fact } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';

/** TPM spec version from `tpm_version_major` (kernel 5.6+) or the TPM 1.2 `caps` file. */
export function parseTpmVersion(versionMajor: string | undefined, caps: string | undefined): string | undefined {
  const major = versionMajor?.trim();
  if (major === '2') return '2.0';
  if (major === '1') return '1.2';
  const m = caps === undefined ? null : /TCG version:\s*(\d+\.\d+)/.exec(caps);
  return m === null ? undefined : m[1];
}

/** TPM presence and version from /sys/class/tpm. */
export async function collectTpm(probe: HostProbe): Promise<{ present: Fact<boolean>; version: Fact<string> }> {
  if (!(await probe.exists('/sys/class'))) {
    const reason = '/sys is not mounted, so TPM devices cannot be listed';
    return { present: unknown(reason), version: unknown(reason) };
  }
  const devices = ((await probe.listDir('/sys/class/tpm')) ?? []).filter((d) => /^tpm\d+$/.test(d)).sort();
  if (devices.length === 0) {
    return { present: known(false, '/sys/class/tpm (no tpm device)'), version: unknown('no TPM present') };
  }
  const base = `/sys/class/tpm/${devices[0]}`;
  const major = await probe.readFile(`${base}/tpm_version_major`);
  const caps = await probe.readFile(`${base}/caps`);
  const capsDev = caps.kind === 'ok' ? caps : await probe.readFile(`${base}/device/caps`);
  const version = parseTpmVersion(major.kind === 'ok' ? major.text : undefined, capsDev.kind === 'ok' ? capsDev.text : undefined);
  return {
    present: known(true, base),
    version: version === undefined ? unknown(`${base} exposes neither tpm_version_major nor caps`) : known(version, base),
  };
}
