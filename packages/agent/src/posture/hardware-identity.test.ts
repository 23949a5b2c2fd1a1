import { describe, expect, it } from 'vitest';
import { fakeHostProbe } from '../../test/fake-host-probe.js';
import { collectHardwareIdentity, hardwareIdHash, parseIoregPlatformUuid, parseMachineId, parseProductUuid, parseRegMachineGuid } from './hardware-identity.js';

const UUID = '4C4C4544-0042-3510-8052-B4C04F4E3332';
const MACHINE_ID = '3d1219c7c4c5404aaa1f6d2a48adfda4';

describe('hardware identity parsers', () => {
  it('reads a system UUID and refuses firmware placeholders', () => {
    expect(parseProductUuid(`${UUID}\n`)).toBe(UUID.toLowerCase());
    expect(parseProductUuid('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(parseProductUuid('03000200-0400-0500-0006-000700080009')).toBeUndefined();
    expect(parseProductUuid('Not Settable')).toBeUndefined();
  });

  it('reads a machine-id and refuses an uninitialized or empty one', () => {
    expect(parseMachineId(`${MACHINE_ID}\n`)).toBe(MACHINE_ID);
    expect(parseMachineId('uninitialized\n')).toBeUndefined();
    expect(parseMachineId('')).toBeUndefined();
    expect(parseMachineId('0'.repeat(32))).toBeUndefined();
  });

  it('reads the Mac hardware UUID from ioreg and the Windows MachineGuid from reg', () => {
    const ioreg = `+-o MacBookPro18,3  <class IOPlatformExpertDevice, id 0x100000110, registered, matched, active, busy 0 (0 ms), retain 36>\n    {\n      "IOPlatformSerialNumber" = "C02XXXXXXX"\n      "IOPlatformUUID" = "${UUID}"\n    }\n`;
    expect(parseIoregPlatformUuid(ioreg)).toBe(UUID.toLowerCase());
    const reg = '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\r\n    MachineGuid    REG_SZ    8e3c0f2a-1b2c-4d5e-8f90-a1b2c3d4e5f6\r\n\r\n';
    expect(parseRegMachineGuid(reg)).toBe('8e3c0f2a1b2c4d5e8f90a1b2c3d4e5f6');
  });
});

describe('collectHardwareIdentity', () => {
  it('on Linux as root: both identifiers, only as keyed hashes', async () => {
    const probe = fakeHostProbe({ files: { '/sys/class/dmi/id/product_uuid': `${UUID}\n`, '/etc/machine-id': `${MACHINE_ID}\n` }, uid: 0 });
    const { identity, missing } = await collectHardwareIdentity(probe, 'linux');
    expect(identity).toEqual({ productUuidHash: hardwareIdHash('product-uuid', UUID.toLowerCase()), machineIdHash: hardwareIdHash('machine-id', MACHINE_ID) });
    expect(identity.productUuidHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(identity)).not.toContain(MACHINE_ID);
    expect(missing).toEqual([]);
  });

  it('on Linux as a user: the machine-id alone, and why the UUID is missing', async () => {
    const probe = fakeHostProbe({ files: { '/sys/class/dmi/id/product_uuid': 'denied', '/etc/machine-id': MACHINE_ID }, uid: 1000 });
    const { identity, missing } = await collectHardwareIdentity(probe, 'linux');
    expect(identity.productUuidHash).toBeNull();
    expect(identity.machineIdHash).toBe(hardwareIdHash('machine-id', MACHINE_ID));
    expect(missing).toEqual(['needs root to read /sys/class/dmi/id/product_uuid']);
  });

  it('falls back to the D-Bus machine id, and hashes the same machine the same way every time', async () => {
    const probe = fakeHostProbe({ files: { '/var/lib/dbus/machine-id': MACHINE_ID } });
    const a = await collectHardwareIdentity(probe, 'linux');
    const b = await collectHardwareIdentity(fakeHostProbe({ files: { '/etc/machine-id': MACHINE_ID } }), 'linux');
    expect(a.identity.machineIdHash).toBe(b.identity.machineIdHash);
  });
});
