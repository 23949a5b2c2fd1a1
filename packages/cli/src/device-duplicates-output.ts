import { printJson, printTable } from './output.js';

type Api = { call<T>(method: string, path: string, body?: unknown): Promise<T> };
interface DuplicateGroup { devices: Record<string, unknown>[] }

/** `verity devices list --duplicates`: each machine with more than one active record, its records in enrollment order. */
export async function printDuplicates(api: Api, json: boolean, out: (line: string) => void = console.log): Promise<void> {
  const res = await api.call<{ items: DuplicateGroup[] }>('GET', '/api/v1/devices/duplicates');
  if (json) { printJson(res.items); return; }
  if (res.items.length === 0) {
    out('No machine has more than one active record.');
    return;
  }
  res.items.forEach((group, i) => {
    out(`Machine ${i + 1}: ${group.devices.length} active records (retire or delete the ones no longer used)`);
    printTable(group.devices, ['id', 'displayName', 'ownership', 'primaryUserId', 'enrolledAt', 'lastCheckinAt'], (line) => out(`  ${line}`));
  });
}
