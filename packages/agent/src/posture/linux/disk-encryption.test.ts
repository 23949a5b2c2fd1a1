import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixture.js';
import { fakeHostProbe } from '../../../test/fake-host-probe.js';
import { collectDiskEncryption, parseLsblkEncryption } from './disk-encryption.js';

describe('lsblk disk encryption', () => {
  it('finds root on LUKS2 under LVM and an unencrypted data disk; skips /boot, ESP, swap and snaps', () => {
    expect(parseLsblkEncryption(fixture('linux/lsblk-ubuntu-luks-lvm.json'))).toEqual([
      { mountPoint: '/', device: '/dev/ubuntu--vg-ubuntu--lv', encrypted: true, method: 'luks2', system: true },
      { mountPoint: '/srv/data', device: '/dev/sda1', encrypted: false, method: 'none', system: false },
    ]);
  });

  it('reads util-linux < 2.37 output (mountpoint) and tells plain dm-crypt from LUKS', () => {
    expect(parseLsblkEncryption(fixture('linux/lsblk-old-mountpoint.json'))).toEqual([
      { mountPoint: '/', device: '/dev/luks-7d1c', encrypted: true, method: 'luks', system: true },
      { mountPoint: '/home', device: '/dev/cryptdata', encrypted: true, method: 'dm-crypt', system: false },
    ]);
  });

  it('counts a volume spanning an encrypted and a plain PV as unencrypted', () => {
    const volumes = parseLsblkEncryption(fixture('linux/lsblk-raid-mixed.json'));
    expect(volumes).toContainEqual({ mountPoint: '/data', device: '/dev/vg-data', encrypted: false, method: 'none', system: false });
  });

  it('reports unknown when root is not on a visible block device', async () => {
    const probe = fakeHostProbe({ commands: { 'lsblk -J -o NAME,TYPE,FSTYPE,FSVER,MOUNTPOINTS': '{"blockdevices":[{"name":"vda","type":"disk","mountpoints":[null]}]}' } });
    expect((await collectDiskEncryption(probe)).state).toBe('unknown');
  });

  it('retries with old column names when lsblk rejects MOUNTPOINTS', async () => {
    const probe = fakeHostProbe({
      commands: {
        'lsblk -J -o NAME,TYPE,FSTYPE,FSVER,MOUNTPOINTS': { kind: 'exited', code: 1, stdout: '', stderr: 'lsblk: unknown column: MOUNTPOINTS' },
        'lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT': fixture('linux/lsblk-old-mountpoint.json'),
      },
    });
    expect(await collectDiskEncryption(probe)).toMatchObject({ state: 'known', source: 'lsblk -J -o NAME,TYPE,FSTYPE,MOUNTPOINT' });
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(fc.property(fc.json({ maxDepth: 5 }), (json) => {
      const r = parseLsblkEncryption(json);
      return Array.isArray(r) || typeof r.error === 'string';
    }));
  });
});
