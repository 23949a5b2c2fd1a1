import { printTable } from './output.js';

/** One command as GET /api/v1/devices/{id}/commands lists it. */
export interface DeviceCommandRow {
  id: string; kind: string; state: string; issuedAt: string; deliveredAt: string | null; deliveries: number; completedAt: string | null; detail: string | null;
}

/**
 * The commands section of `verity devices show`: one line per command with its state (issued,
 * delivered, succeeded, failed) and times, then the agent's own text for each one that answered,
 * in full (a failed lock's reason is the part the admin needs).
 */
export function printDeviceCommands(items: readonly DeviceCommandRow[], out: (line: string) => void = console.log): void {
  out('\nCommands:');
  if (items.length === 0) {
    out('  none sent');
    return;
  }
  printTable(items.map((c) => ({ ...c, deliveries: c.deliveries || null })), ['id', 'kind', 'state', 'issuedAt', 'deliveredAt', 'deliveries', 'completedAt'], (line) => out(`  ${line}`));
  for (const c of items) {
    if (c.detail !== null) out(`  ${c.id} ${c.kind} ${c.state}: ${c.detail}`);
  }
}
