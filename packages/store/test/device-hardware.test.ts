import { expect, it } from 'vitest';
import type { NewDevice } from '../src/index.js';
import { describeEachDialect } from './dialects.js';

const U1 = 'a'.repeat(64);
const U2 = 'b'.repeat(64);
const M1 = 'c'.repeat(64);
const M2 = 'd'.repeat(64);
const base = (over: Partial<NewDevice> = {}): NewDevice => ({ displayName: 'PC', platform: 'linux', ownership: 'corporate', joinType: 'joined', ...over });

describeEachDialect('devices: hardware identity', (h) => {
  it('stores the identity, finds active records sharing either identifier, and retires one pointing at its successor', async () => {
    const t = await h.tenant();
    const old = await h.store.devices.create(t, base({ hardwareProductUuidHash: U1, hardwareMachineIdHash: M1 }));
    expect(old).toMatchObject({ hardwareProductUuidHash: U1, hardwareMachineIdHash: M1, replacedByDeviceId: null });
    const sameMachineId = await h.store.devices.create(t, base({ hardwareMachineIdHash: M1 }));
    await h.store.devices.create(t, base({ hardwareProductUuidHash: U2, hardwareMachineIdHash: M2 }));
    await h.store.devices.create(t, base());
    const other = await h.tenant();
    await h.store.devices.create(other, base({ hardwareProductUuidHash: U1, hardwareMachineIdHash: M1 }));

    const found = await h.store.devices.activeWithHardware(t, { productUuidHash: U1, machineIdHash: M1 });
    expect(found.map((d) => d.id).sort()).toEqual([old.id, sameMachineId.id].sort());
    expect(await h.store.devices.activeWithHardware(t, { productUuidHash: null, machineIdHash: null })).toEqual([]);
    expect((await h.store.devices.activeSharingHardware(t)).map((d) => d.id).sort()).toEqual([old.id, sameMachineId.id].sort());

    const retired = await h.store.devices.retireReplaced(t, old.id, 'new-id');
    expect(retired).toMatchObject({ status: 'retired', replacedByDeviceId: 'new-id' });
    // Only an active record is retired this way; a second call changes nothing.
    expect(await h.store.devices.retireReplaced(t, old.id, 'newer-id')).toBeUndefined();
    expect((await h.store.devices.activeWithHardware(t, { productUuidHash: U1, machineIdHash: null })).map((d) => d.id)).toEqual([]);
    expect(await h.store.devices.activeSharingHardware(t)).toEqual([]);
  });

  it('the identity lock needs a transaction and makes a second enrollment of the same machine wait for the first', async () => {
    const t = await h.tenant();
    const hw = { productUuidHash: U1, machineIdHash: M1 };
    await expect(h.store.devices.lockHardwareIdentity(t, hw)).rejects.toThrow(/transaction/);
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((r) => { releaseFirst = r; });
    let firstLocked!: () => void;
    const locked = new Promise<void>((r) => { firstLocked = r; });
    const first = h.store.transaction(async (tx) => {
      await tx.devices.lockHardwareIdentity(t, hw);
      firstLocked();
      await firstHolds;
      await tx.devices.create(t, base({ id: 'first', hardwareProductUuidHash: U1, hardwareMachineIdHash: M1 }));
      order.push('first committed');
    });
    await locked;
    const second = h.store.transaction(async (tx) => {
      await tx.devices.lockHardwareIdentity(t, { productUuidHash: null, machineIdHash: M1 });
      // Under the lock the second sees the first's record: it can retire it instead of missing it.
      order.push(`second sees ${(await tx.devices.activeWithHardware(t, hw)).map((d) => d.id).join(',')}`);
    });
    await new Promise((r) => setTimeout(r, 100));
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first committed', 'second sees first']);
  });
});
