import type { Fact } from '@verity/core';
import type { HostProbe } from '../../host/host-probe.js';
import { fileCause, fileProblem } from '../../host/host-probe.js';
import { known, unknown } from '../fact-builders.js';

/** `PASS_MAX_DAYS` from login.defs; 99999 (the shadow-utils "never" value) and -1 map to 0 = never expires. */
export function parseLoginDefsMaxDays(text: string): number | undefined {
  const m = /^\s*PASS_MAX_DAYS\s+(-?\d+)\s*$/m.exec(text);
  if (m === null) return undefined;
  const days = Number(m[1]);
  return days < 0 || days >= 99999 ? 0 : days;
}

/** `minlen = N` from pwquality.conf (last assignment wins, comments ignored). */
export function parsePwqualityMinlen(text: string): number | undefined {
  let value: number | undefined;
  for (const line of text.split('\n')) {
    const m = /^\s*minlen\s*=\s*(\d+)\s*$/.exec(line);
    if (m !== null) value = Number(m[1]);
  }
  return value;
}

/** The password lines of a PAM stack: which modules check length, and their `minlen=` arguments. */
export function parsePamPasswordStack(text: string): { pwquality: boolean; pwqualityMinlen?: number; unixMinlen?: number; unix: boolean } {
  const result: { pwquality: boolean; pwqualityMinlen?: number; unixMinlen?: number; unix: boolean } = { pwquality: false, unix: false };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('password')) continue;
    const minlen = /\bminlen=(\d+)/.exec(line);
    if (/pam_pwquality\.so|pam_cracklib\.so/.test(line)) {
      result.pwquality = true;
      if (minlen !== null) result.pwqualityMinlen = Number(minlen[1]);
    } else if (/pam_unix\.so/.test(line)) {
      result.unix = true;
      if (minlen !== null) result.unixMinlen = Number(minlen[1]);
    }
  }
  return result;
}

/** libpwquality's documented default minlen (pwquality.conf(5)) and pam_unix's (pam_unix(8)). */
const PWQUALITY_DEFAULT_MINLEN = 8;
const PAM_UNIX_DEFAULT_MINLEN = 6;

/** Password max age (login.defs) and minimum length (PAM stack + pwquality.conf). */
export async function collectPasswordPolicy(probe: HostProbe): Promise<{ maxAgeDays: Fact<number>; minLength: Fact<number> }> {
  const defs = await probe.readFile('/etc/login.defs');
  let maxAgeDays: Fact<number>;
  if (defs.kind !== 'ok') maxAgeDays = unknown(fileProblem('/etc/login.defs', defs), fileCause(defs));
  else {
    const days = parseLoginDefsMaxDays(defs.text);
    maxAgeDays = days === undefined ? unknown('/etc/login.defs sets no PASS_MAX_DAYS') : known(days, '/etc/login.defs PASS_MAX_DAYS');
  }

  let stackPath = '/etc/pam.d/common-password'; // Debian/Ubuntu
  let stack = await probe.readFile(stackPath);
  if (stack.kind === 'missing') {
    stackPath = '/etc/pam.d/system-auth'; // RHEL/Fedora (authselect)
    stack = await probe.readFile(stackPath);
  }
  let minLength: Fact<number>;
  if (stack.kind !== 'ok') minLength = unknown(`cannot read the PAM password stack: ${fileProblem(stackPath, stack)}`, fileCause(stack));
  else {
    const pam = parsePamPasswordStack(stack.text);
    if (pam.pwquality) {
      if (pam.pwqualityMinlen !== undefined) minLength = known(pam.pwqualityMinlen, `${stackPath} pam_pwquality minlen=`);
      else {
        const conf = await probe.readFile('/etc/security/pwquality.conf');
        const fromConf = conf.kind === 'ok' ? parsePwqualityMinlen(conf.text) : undefined;
        minLength =
          fromConf !== undefined
            ? known(fromConf, '/etc/security/pwquality.conf minlen')
            : known(PWQUALITY_DEFAULT_MINLEN, 'pam_pwquality default minlen (pwquality.conf(5))');
      }
    } else if (pam.unix) {
      minLength = known(pam.unixMinlen ?? PAM_UNIX_DEFAULT_MINLEN, pam.unixMinlen !== undefined ? `${stackPath} pam_unix minlen=` : 'pam_unix default minlen (pam_unix(8))');
    } else minLength = unknown(`${stackPath} has neither pam_pwquality nor pam_unix on its password lines`);
  }
  return { maxAgeDays, minLength };
}
