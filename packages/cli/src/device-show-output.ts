import { describeFactValue } from '@verity/core';
import { printTable } from './output.js';

type FactView = { state: 'known'; value: unknown; source: string } | { state: 'unknown'; reason: string; cause?: string };
/** The parts of `GET /api/v1/devices/:id` the human output lays out itself. */
export interface DeviceDetail extends Record<string, unknown> {
  posture?: { receivedAt?: string; collectedAt?: string; report?: { facts?: Record<string, FactView> } } | null;
  certificates?: Record<string, unknown>[];
  compliance?: { state: string; evaluatedAt: string | null } | null;
}

const CAUSE = { 'not-installed': 'not installed', 'needs-admin': 'needs root/administrator', 'not-supported': 'not supported on this host' } as Record<string, string>;

/**
 * `verity devices show` for people: the inventory fields, then every posture fact with its
 * value in words and where it came from (the file or command the agent read, or why it could
 * not), the certificates and the compliance state. `--json` prints the API answer unchanged.
 */
export function formatDeviceShow(d: DeviceDetail): string[] {
  const { posture, certificates, compliance, ...rest } = d;
  const lines: string[] = [];
  for (const [k, v] of Object.entries(rest)) lines.push(`${k.padEnd(20)} ${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  lines.push('', `Posture (received ${posture?.receivedAt ?? 'never'}${posture?.collectedAt ? `, collected ${posture.collectedAt}` : ''}):`);
  const facts = Object.entries(posture?.report?.facts ?? {}).map(([name, f]) => f.state === 'known'
    ? { fact: name, value: describeFactValue(name, f.value), from: f.source }
    : { fact: name, value: `unknown${f.cause && CAUSE[f.cause] ? ` (${CAUSE[f.cause]})` : ''}`, from: `could not read: ${f.reason}` });
  if (facts.length > 0) printTable(facts, ['fact', 'value', 'from'], (line) => lines.push(`  ${line}`));
  lines.push('', 'Certificates:');
  printTable(certificates ?? [], ['serial', 'status', 'notBefore', 'notAfter'], (line) => lines.push(`  ${line}`));
  if (compliance) lines.push('', `Compliance: ${compliance.state}${compliance.evaluatedAt ? ` (since ${compliance.evaluatedAt})` : ''}; details: verity compliance device ${String(d.id)}`);
  return lines;
}
