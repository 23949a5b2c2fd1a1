import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VerityError } from '@verity/core';
import { validationError } from '../http/problem.js';
import { checkinBody, factsDigest, parseCheckinBody, reportJson, type CheckinBody } from './checkin-schemas.js';

const known = (value: unknown, source = 'test') => ({ state: 'known', value, source });
const baseBody = () => ({
  report: {
    schemaVersion: 1, collectedAt: '2026-11-29T10:00:00Z', platform: 'linux', agentVersion: '0.1.0',
    facts: {
      'os.name': known('Ubuntu'), 'os.version': known('22.04'), 'device.hostname': known('build-07'),
      'device.serialNumber': { state: 'unknown', reason: 'needs root' }, 'tpm.present': known(true),
      'encryption.volumes': known([{ mountPoint: '/', device: '/dev/mapper/root', encrypted: true, method: 'luks2', system: true }]),
      'updates.pendingSecurity': known(2), 'password.type': known('complex'),
    },
  },
  commandResults: [{ commandId: 'cmd-1', status: 'succeeded' }],
});

/** What zod alone says: the data, or the problem the API would send. */
function viaZod(raw: unknown): { ok: true; data: unknown } | { ok: false; details: unknown } {
  const r = checkinBody.safeParse(raw);
  return r.success ? { ok: true, data: r.data } : { ok: false, details: validationError(r.error, '$').details };
}
function viaFastPath(raw: unknown, text?: string): { ok: true; data: unknown } | { ok: false; details: unknown } {
  try {
    return { ok: true, data: parseCheckinBody(raw, text) };
  } catch (e) {
    if (!(e instanceof VerityError)) throw e;
    return { ok: false, details: e.details };
  }
}

// Values that are sometimes valid for a field and often not.
const anyValue = fc.oneof(
  fc.string({ maxLength: 300 }), fc.integer({ min: -5, max: 2_000_000 }), fc.double(), fc.boolean(), fc.constant(null),
  fc.constant(undefined), fc.constantFrom('known', 'unknown', 'complex', 'linux', '2026-11-29T10:00:00Z', 'not a date'),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);
// A path into the body, and what to put there (or delete it).
const mutation = fc.record({
  path: fc.constantFrom(
    ['report', 'schemaVersion'], ['report', 'collectedAt'], ['report', 'platform'], ['report', 'agentVersion'], ['report', 'extra'],
    ['report', 'facts', 'os.name', 'value'], ['report', 'facts', 'os.name', 'state'], ['report', 'facts', 'os.name', 'extra'],
    ['report', 'facts', 'device.serialNumber', 'reason'], ['report', 'facts', 'device.serialNumber', 'state'], ['report', 'facts', 'tpm.present', 'value'],
    ['report', 'facts', 'updates.pendingSecurity', 'value'], ['report', 'facts', 'password.type', 'value'], ['report', 'facts', 'no.such.fact'],
    ['report', 'facts', 'encryption.volumes', 'value', 0, 'encrypted'], ['report', 'facts', 'encryption.volumes', 'value', 0, 'extra'],
    ['report', 'facts'], ['report'], ['commandResults'], ['commandResults', 0, 'status'], ['commandResults', 0, 'commandId'], ['extra'],
  ),
  value: anyValue,
  remove: fc.boolean(),
});

function mutate(body: Record<string, unknown>, m: { path: readonly (string | number)[]; value: unknown; remove: boolean }): void {
  let target: Record<string | number, unknown> = body;
  for (const key of m.path.slice(0, -1)) {
    const next = target[key];
    if (next === null || typeof next !== 'object') return;
    target = next as Record<string | number, unknown>;
  }
  const last = m.path[m.path.length - 1]!;
  if (m.remove) delete target[last];
  else target[last] = m.value;
}

describe('parseCheckinBody', () => {
  it('accepts, returns and rejects exactly what checkinBody does, first time and when the facts are cached', () => {
    fc.assert(fc.property(fc.array(mutation, { maxLength: 3 }), (mutations) => {
      const body = baseBody();
      for (const m of mutations) mutate(body as never, m);
      // What the route receives is parsed JSON (no undefined, NaN or functions): round-trip it.
      const json = JSON.stringify(body);
      const expected = viaZod(JSON.parse(json));
      // As the app's parser hands it over (with the body's text, compact or pretty), and without the text.
      for (const text of [json, JSON.stringify(body, null, 2), undefined]) {
        // Twice: the first call may validate and cache the facts, the second takes the cached path.
        expect(viaFastPath(JSON.parse(json), text)).toEqual(expected);
        const second = viaFastPath(JSON.parse(json), text);
        expect(second).toEqual(expected);
        // The stored report text says what the parsed report says.
        if (second.ok) {
          const report = (second.data as CheckinBody).report;
          expect(JSON.parse(reportJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
        }
      }
    }), { numRuns: 1000 });
  });

  it('validates cached facts again under an invalid envelope, and never caches invalid facts', () => {
    const good = baseBody();
    parseCheckinBody(structuredClone(good));
    const badEnvelope = { ...structuredClone(good), report: { ...structuredClone(good).report, collectedAt: 'yesterday' } };
    expect(() => parseCheckinBody(badEnvelope)).toThrow(/collectedAt/);
    const badFacts = structuredClone(good);
    (badFacts.report.facts as Record<string, unknown>)['tpm.present'] = known('yes');
    for (let i = 0; i < 2; i++) expect(() => parseCheckinBody(structuredClone(badFacts))).toThrow(/tpm\.present/);
  });

  it('hands the facts digest of the parsed body to the fingerprint (same text, same digest)', () => {
    const a = parseCheckinBody(baseBody());
    const b = parseCheckinBody({ ...baseBody(), report: { ...baseBody().report, collectedAt: '2026-11-30T10:00:00Z' } });
    expect(factsDigest(a.report.facts)).toBe(factsDigest(b.report.facts));
    const changed = baseBody();
    changed.report.facts['updates.pendingSecurity'] = known(3);
    expect(factsDigest(parseCheckinBody(changed).report.facts)).not.toBe(factsDigest(a.report.facts));
  });

  it('digests the facts as the agent wrote them when the body text is known, and stores the report as sent', () => {
    const body = baseBody();
    const text = JSON.stringify(body);
    const parsed = parseCheckinBody(JSON.parse(text), text);
    // The agent serialises with JSON.stringify: the same digest as the serialised facts (fingerprints survive the change).
    expect(factsDigest(parsed.report.facts)).toBe(factsDigest(structuredClone(parsed.report.facts)));
    expect(reportJson(parsed.report)).toBe(JSON.stringify(body.report));
  });
});
