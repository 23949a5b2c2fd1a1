import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixture.js';
import { fakeHostProbe } from '../../../test/fake-host-probe.js';
import { aptAutomaticSecurity, collectAutomaticUpdates, parseAptConfigDump, parseDnfAutomaticConf } from './automatic-updates.js';
import { parseDmiValue, collectDeviceIdentity } from './device-identity.js';
import { collectPasswordPolicy, parseLoginDefsMaxDays, parsePamPasswordStack, parsePwqualityMinlen } from './password-policy.js';
import { collectPendingUpdates, countAptSecurityUpdates, countDnfSecurityUpdates } from './pending-updates.js';
import { collectScreenLock, gnomeScreenLock, parseGsettingsValue, parseLoginctlSessions } from './screen-lock.js';
import { collectSecureBoot, parseSecureBootVariable, SECURE_BOOT_VAR } from './secure-boot.js';
import { collectTpm, parseTpmVersion } from './tpm.js';

describe('secure boot', () => {
  it('reads the 5th byte of the efivar', () => {
    expect(parseSecureBootVariable(new Uint8Array([6, 0, 0, 0, 1]))).toBe(true);
    expect(parseSecureBootVariable(new Uint8Array([6, 0, 0, 0, 0]))).toBe(false);
    expect(parseSecureBootVariable(new Uint8Array([6, 0]))).toBeUndefined();
  });
  it('legacy BIOS is known false; unreadable efivarfs is unknown', async () => {
    expect(await collectSecureBoot(fakeHostProbe({}))).toMatchObject({ state: 'known', value: false });
    expect(await collectSecureBoot(fakeHostProbe({ dirs: { '/sys/firmware/efi': [] } }))).toMatchObject({ state: 'unknown' });
    expect(await collectSecureBoot(fakeHostProbe({ dirs: { '/sys/firmware/efi': [] }, bytes: { [SECURE_BOOT_VAR]: new Uint8Array([6, 0, 0, 0, 1]) } }))).toMatchObject({ state: 'known', value: true });
  });
});

describe('tpm', () => {
  it('parses version_major and TPM 1.2 caps', () => {
    expect(parseTpmVersion('2\n', undefined)).toBe('2.0');
    expect(parseTpmVersion(undefined, 'Manufacturer: 0x49465800\nTCG version: 1.2\nFirmware version: 6.40\n')).toBe('1.2');
    expect(parseTpmVersion(undefined, undefined)).toBeUndefined();
  });
  it('collects presence from /sys/class/tpm', async () => {
    const r = await collectTpm(fakeHostProbe({ dirs: { '/sys/class': [], '/sys/class/tpm': ['tpm0'] }, files: { '/sys/class/tpm/tpm0/tpm_version_major': '2\n' } }));
    expect(r.present).toMatchObject({ state: 'known', value: true });
    expect(r.version).toMatchObject({ state: 'known', value: '2.0' });
    expect((await collectTpm(fakeHostProbe({ dirs: { '/sys/class': [] } }))).present).toMatchObject({ state: 'known', value: false });
  });
});

describe('device identity', () => {
  it('treats SMBIOS placeholders as unknown and needs root for the serial', async () => {
    expect(parseDmiValue('To Be Filled By O.E.M.\n')).toBeUndefined();
    expect(parseDmiValue('PF3ABCDE\n')).toBe('PF3ABCDE');
    const r = await collectDeviceIdentity(
      fakeHostProbe({ dirs: { '/sys/class/dmi/id': [] }, files: { '/sys/class/dmi/id/product_serial': 'denied', '/sys/class/dmi/id/product_name': '20XW0055GE\n', '/sys/class/dmi/id/sys_vendor': 'LENOVO\n' } }),
    );
    expect(r.serialNumber).toEqual({ state: 'unknown', reason: 'needs root to read /sys/class/dmi/id/product_serial', cause: 'needs-admin' });
    expect(r.manufacturer).toMatchObject({ state: 'known', value: 'LENOVO' });
  });
});

describe('automatic updates', () => {
  it('Ubuntu unattended-upgrades with a security origin is on', () => {
    const config = parseAptConfigDump(fixture('linux/apt-config-dump-ubuntu.txt'));
    expect(config.get('Unattended-Upgrade::Allowed-Origins')).toHaveLength(5);
    expect(aptAutomaticSecurity(config).enabled).toBe(true);
  });
  it('is off when the periodic interval is 0 or no security origin is allowed', () => {
    const off = fixture('linux/apt-config-dump-ubuntu.txt').replace('Unattended-Upgrade "1"', 'Unattended-Upgrade "0"');
    expect(aptAutomaticSecurity(parseAptConfigDump(off)).enabled).toBe(false);
    const noSec = fixture('linux/apt-config-dump-ubuntu.txt').split('\n').filter((l) => !l.includes('security')).join('\n');
    expect(aptAutomaticSecurity(parseAptConfigDump(noSec)).enabled).toBe(false);
  });
  it('dnf-automatic: timer plus apply_updates', async () => {
    expect(parseDnfAutomaticConf('[commands]\nupgrade_type = security\napply_updates = yes\n[emitters]\napply_updates = no\n')).toEqual({ applyUpdates: true, upgradeType: 'security' });
    const probe = fakeHostProbe({
      commands: { 'systemctl is-enabled dnf-automatic-install.timer': { kind: 'exited', code: 1, stdout: 'disabled\n', stderr: '' }, 'systemctl is-enabled dnf5-automatic.timer': { kind: 'exited', code: 1, stdout: 'not-found\n', stderr: '' }, 'systemctl is-enabled dnf-automatic.timer': 'enabled\n' },
      files: { '/etc/dnf/automatic.conf': '[commands]\napply_updates = no\n' },
    });
    expect(await collectAutomaticUpdates(probe, ['rhel', 'fedora'])).toMatchObject({ state: 'known', value: false });
    expect((await collectAutomaticUpdates(fakeHostProbe({}), ['arch'])).state).toBe('unknown');
  });
});

describe('pending security updates', () => {
  it('counts -security pockets in apt simulations', () => {
    expect(countAptSecurityUpdates(fixture('linux/apt-get-s-upgrade-debian.txt'))).toBe(2);
    expect(countAptSecurityUpdates(fixture('linux/apt-get-s-upgrade-ubuntu.txt'))).toBe(2);
  });
  it('counts distinct packages in dnf updateinfo', () => {
    expect(countDnfSecurityUpdates(fixture('linux/dnf-updateinfo-security.txt'))).toBe(4);
  });
  it('apt failure is unknown, not zero', async () => {
    const probe = fakeHostProbe({ commands: { 'apt-get -s -o Debug::NoLocking=1 upgrade': { kind: 'exited', code: 100, stdout: '', stderr: 'E: broken' } } });
    expect((await collectPendingUpdates(probe, ['debian'])).state).toBe('unknown');
  });
});

describe('screen lock', () => {
  it('parses loginctl and gsettings', () => {
    expect(parseLoginctlSessions('      2 1000 alice seat0 tty2\n    c1  120 gdm   seat0 tty1\n')).toEqual([
      { id: '2', uid: 1000, user: 'alice' },
      { id: 'c1', uid: 120, user: 'gdm' },
    ]);
    expect(parseGsettingsValue('uint32 300\n')).toBe(300);
    expect(parseGsettingsValue('true\n')).toBe(true);
    expect(gnomeScreenLock(true, 300, 30)).toEqual({ enabled: true, idleSeconds: 330 });
    expect(gnomeScreenLock(true, 0, 0).enabled).toBe(false);
  });
  it('reads gsettings as the session user when root', async () => {
    const bus = 'DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus';
    const probe = fakeHostProbe({
      uid: 0,
      commands: {
        'loginctl list-sessions --no-legend': '      2 1000 alice seat0 tty2\n',
        'loginctl show-session 2 -p Type -p Active': 'Type=wayland\nActive=yes\n',
        [`runuser -u alice -- env ${bus} gsettings get org.gnome.desktop.screensaver lock-enabled`]: 'true\n',
        [`runuser -u alice -- env ${bus} gsettings get org.gnome.desktop.session idle-delay`]: 'uint32 300\n',
        [`runuser -u alice -- env ${bus} gsettings get org.gnome.desktop.screensaver lock-delay`]: 'uint32 0\n',
      },
    });
    const r = await collectScreenLock(probe);
    expect(r.enabled).toMatchObject({ state: 'known', value: true });
    expect(r.idleSeconds).toMatchObject({ state: 'known', value: 300 });
  });
  it('headless host is unknown with a reason', async () => {
    const r = await collectScreenLock(fakeHostProbe({ commands: { 'loginctl list-sessions --no-legend': '' } }));
    expect(r.enabled.state).toBe('unknown');
  });
});

describe('password policy', () => {
  it('parses login.defs, pwquality and PAM', () => {
    expect(parseLoginDefsMaxDays(fixture('linux/login.defs'))).toBe(90);
    expect(parseLoginDefsMaxDays('PASS_MAX_DAYS 99999\n')).toBe(0);
    expect(parsePwqualityMinlen(fixture('linux/pwquality.conf'))).toBe(14);
    expect(parsePamPasswordStack(fixture('linux/common-password-unix'))).toEqual({ pwquality: false, unix: true, unixMinlen: 10 });
  });
  it('takes minlen from pwquality.conf when pam_pwquality is in the stack', async () => {
    const r = await collectPasswordPolicy(
      fakeHostProbe({ files: { '/etc/login.defs': fixture('linux/login.defs'), '/etc/pam.d/common-password': fixture('linux/common-password-pwquality'), '/etc/security/pwquality.conf': fixture('linux/pwquality.conf') } }),
    );
    expect(r.minLength).toMatchObject({ state: 'known', value: 14 });
    expect(r.maxAgeDays).toMatchObject({ state: 'known', value: 90 });
  });
});
