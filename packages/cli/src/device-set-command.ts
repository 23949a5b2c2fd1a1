import type { Command } from 'commander';
import { printJson } from './output.js';

type Api = { call<T>(method: string, path: string, body?: unknown): Promise<T>; close(): void };

const collect = (v: string, prev: string[] = []) => [...prev, v];

/**
 * The PATCH body of `verity devices set` (one option per body field): `--extension-attribute
 * 1=SAW` (or `extensionAttribute1=SAW`) sets one, `1=` clears it; `--category ""` clears the category.
 */
export function devicePropertiesBody(o: { name?: string; category?: string; extensionAttribute?: string[] }): Record<string, unknown> {
  const attributes: Record<string, string | null> = {};
  for (const entry of o.extensionAttribute ?? []) {
    const m = /^(?:extensionAttribute)?(\d{1,2})=(.*)$/s.exec(entry);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 15) throw new Error(`--extension-attribute takes N=VALUE with N from 1 to 15, not "${entry}".`);
    attributes[`extensionAttribute${Number(m[1])}`] = m[2] === '' ? null : m[2]!;
  }
  return {
    ...(o.name !== undefined ? { displayName: o.name } : {}),
    ...(o.category !== undefined ? { category: o.category === '' ? null : o.category } : {}),
    ...(Object.keys(attributes).length > 0 ? { extensionAttributes: attributes } : {}),
  };
}

/** `verity devices set ID ...`: admin-set device properties (what dynamic groups and device filters read). */
export function registerDeviceSetCommand(devices: Command, client: () => Api): void {
  devices.command('set <id>').description('Set admin-set properties of a device (display name, category, extensionAttribute1-15); dynamic groups and compliance are re-evaluated.')
    .option('--name <displayName>', 'display name')
    .option('--category <category>', 'device category ("" clears it)')
    .option('--extension-attribute <N=VALUE>', 'extensionAttributeN (1-15); N= clears it (repeatable)', collect)
    .option('--json', 'print JSON')
    .action(async (id: string, o: { name?: string; category?: string; extensionAttribute?: string[]; json?: boolean }) => {
      const body = devicePropertiesBody(o);
      const api = client();
      try {
        const res = await api.call<{ id: string; displayName: string; category: string | null; extensionAttributes: Record<string, string>; groupIds: string[]; complianceState: string }>(
          'PATCH', `/api/v1/devices/${encodeURIComponent(id)}`, body);
        if (o.json) printJson(res);
        else {
          console.log(`${res.id} ${res.displayName}${res.category ? ` (category ${res.category})` : ''}`);
          for (const [k, v] of Object.entries(res.extensionAttributes)) console.log(`  ${k} = ${v}`);
          console.log(`  groups: ${res.groupIds.join(', ') || '-'}; compliance: ${res.complianceState}`);
        }
      } finally {
        api.close();
      }
    });
}
