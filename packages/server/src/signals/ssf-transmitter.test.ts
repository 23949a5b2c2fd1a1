import { describe, expect, it } from 'vitest';
import { subjectKeys, type OutgoingEvent } from './ssf-set.js';
import { streamWants } from './ssf-transmitter.js';
import { EVENT_TYPES } from './ssf-vocabulary.js';

const ada = { format: 'email', email: 'ada@example.com' } as const;
const event = (eventType: string, subject: OutgoingEvent['subject'] = { format: 'complex', user: ada, device: { format: 'opaque', id: 'd1' } }): OutgoingEvent => ({ eventType, subject, subjectKeys: subjectKeys(subject), body: {} });
const stream = (over: Partial<Parameters<typeof streamWants>[0]> = {}) => ({ status: 'enabled' as const, eventsRequested: [EVENT_TYPES.sessionRevoked], subjects: null, ...over });

describe('which streams an event goes to', () => {
  it('only requested events, on streams that are not disabled; verification and stream-updated always', () => {
    expect(streamWants(stream(), event(EVENT_TYPES.sessionRevoked))).toBe(true);
    expect(streamWants(stream(), event(EVENT_TYPES.deviceComplianceChange))).toBe(false);
    expect(streamWants(stream({ status: 'disabled' }), event(EVENT_TYPES.sessionRevoked))).toBe(false);
    // Paused streams still get events queued: they are held until the stream is enabled.
    expect(streamWants(stream({ status: 'paused' }), event(EVENT_TYPES.sessionRevoked))).toBe(true);
    expect(streamWants(stream({ eventsRequested: [] }), event(EVENT_TYPES.verification, { format: 'opaque', id: 's1' }))).toBe(true);
  });

  it('every subject by default; a removed subject (any part of a complex subject) is excluded', () => {
    expect(streamWants(stream({ subjects: [ada] }), event(EVENT_TYPES.sessionRevoked))).toBe(false);
    expect(streamWants(stream({ subjects: [{ format: 'opaque', id: 'd1' }] }), event(EVENT_TYPES.sessionRevoked))).toBe(false);
    expect(streamWants(stream({ subjects: [{ format: 'email', email: 'bob@example.com' }] }), event(EVENT_TYPES.sessionRevoked))).toBe(true);
    expect(streamWants(stream({ subjects: [{ format: 'email', email: 'ADA@example.com' }] }), event(EVENT_TYPES.sessionRevoked))).toBe(false);
  });
});
