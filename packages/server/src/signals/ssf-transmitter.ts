import type { Job, SsfStreamRecord } from '@verity/store';
import type { ServerContext } from '../context.js';
import type { VerityEvent } from '../events/event-bus.js';
import { outboundHttps } from '../http/outbound-https.js';
import { signingKey } from '../keys/signing-keys.js';
import { PermanentJobError, type JobExecutor } from '../scheduler/job-worker.js';
import { GATEWAY_EVENTS } from '../gateway-feed/gateway-events.js';
import { epochSeconds, signSet, subjectKeys, type OutgoingEvent, type SubjectId } from './ssf-set.js';
import { EVENT_TYPES, SET_MEDIA_TYPE } from './ssf-vocabulary.js';

/** The durable job that delivers one SET to one stream. */
export const SSF_PUSH_JOB = 'ssf.push';

/** What a push job carries: the event, addressed and identified, signed only when it is delivered. */
interface PushPayload { streamId: string; jti: string; iat: number; eventType: string; subject: SubjectId; body: Record<string, unknown> }

/** A paused stream holds its events (SSF 1.0 §8.1.2): the job is retried until the stream is enabled again. */
class StreamPausedError extends Error {}

const RISK_LEVEL: Record<string, string> = { none: 'LOW', low: 'LOW', medium: 'MEDIUM', high: 'HIGH' };
const COMPLIANT = 'compliant';

/**
 * Does a stream want this event: requested, and not about a subject the receiver removed?
 * Verity's `default_subjects` is ALL (SSF 1.0 §7.1): a stream carries every subject of the
 * tenant; remove_subject excludes one, add_subject includes it again. The stream's `subjects`
 * column holds the excluded subjects (null: none).
 */
export function streamWants(stream: Pick<SsfStreamRecord, 'status' | 'eventsRequested' | 'subjects'>, event: OutgoingEvent): boolean {
  if (stream.status === 'disabled') return false;
  const control = event.eventType === EVENT_TYPES.verification || event.eventType === EVENT_TYPES.streamUpdated;
  if (!control && !stream.eventsRequested.includes(event.eventType)) return false;
  if (control || stream.subjects === null || stream.subjects.length === 0) return true;
  const excluded = new Set(stream.subjects.flatMap(subjectKeys));
  return !event.subjectKeys.some((k) => excluded.has(k));
}

/**
 * The Shared Signals transmitter: turns Verity's events into CAEP and RISC events, addresses
 * them to every stream that asked for them (durable jobs, so a receiver that is down gets them
 * later), and delivers each as a signed SET by RFC 8935 push.
 */
export function ssfTransmitter(ctx: ServerContext, publicUrl: () => string) {
  let kick: () => void = () => {};

  const userSubject = async (tenantId: string, userId: string | null | undefined): Promise<SubjectId | undefined> => {
    if (!userId) return undefined;
    const user = await ctx.store.users.get(tenantId, userId);
    return user ? { format: 'email', email: user.userPrincipalName } : undefined;
  };
  const keysOf = (s: SubjectId) => subjectKeys(s);

  /** The CAEP / RISC events one Verity event stands for (none for most). */
  async function outgoing(e: VerityEvent): Promise<OutgoingEvent[]> {
    const p = e.payload as Record<string, unknown>;
    const at = epochSeconds(new Date(e.at));
    const str = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
    if (e.topic === GATEWAY_EVENTS.sessionRevoked) {
      const ids = Array.isArray(p.sessionIds) ? (p.sessionIds as string[]) : [];
      // Nothing was live: nothing to tell (this also ends a revocation echoing between two peers that stream to each other).
      if (ids.length === 0) return [];
      const user = await userSubject(e.tenantId, str('userId'));
      if (!user) return [];
      const subject: SubjectId = { format: 'complex', user, ...(ids.length === 1 ? { session: { format: 'opaque', id: ids[0]! } } : {}) };
      const reason = str('reason');
      const initiating = reason === 'signed-out' || reason === 'password-changed' ? 'user' : reason === 'admin-revoked' ? 'admin' : 'policy';
      return [{ eventType: EVENT_TYPES.sessionRevoked, subject, subjectKeys: keysOf(subject), body: { event_timestamp: at, initiating_entity: initiating } }];
    }
    if (e.topic === 'device.compliance.changed' || e.topic === 'device.risk.changed') {
      const deviceId = str('deviceId');
      if (!deviceId) return [];
      const device = await ctx.store.devices.get(e.tenantId, deviceId);
      const user = await userSubject(e.tenantId, device?.primaryUserId);
      const subject: SubjectId = { format: 'complex', device: { format: 'opaque', id: deviceId }, ...(user ? { user } : {}) };
      if (e.topic === 'device.risk.changed') {
        return [{ eventType: EVENT_TYPES.riskLevelChange, subject, subjectKeys: keysOf(subject), body: {
          event_timestamp: at, principal: 'DEVICE', current_level: RISK_LEVEL[str('riskLevel') ?? ''] ?? 'LOW', previous_level: RISK_LEVEL[str('previous') ?? ''] ?? 'LOW',
        } }];
      }
      const was = str('previousState') === COMPLIANT;
      const is = str('state') === COMPLIANT;
      // CAEP knows two statuses: only a change between compliant and not is an event.
      if (was === is) return [];
      return [{ eventType: EVENT_TYPES.deviceComplianceChange, subject, subjectKeys: keysOf(subject), body: {
        event_timestamp: at, previous_status: was ? 'compliant' : 'not-compliant', current_status: is ? 'compliant' : 'not-compliant',
      } }];
    }
    if (e.topic === GATEWAY_EVENTS.userChanged) {
      const user = await userSubject(e.tenantId, str('userId'));
      if (!user) return [];
      const out: OutgoingEvent[] = [];
      if (p.passwordChanged === true) out.push({ eventType: EVENT_TYPES.credentialChange, subject: user, subjectKeys: keysOf(user), body: { event_timestamp: at, credential_type: 'password', change_type: 'update' } });
      if (str('status') === 'disabled') out.push({ eventType: EVENT_TYPES.accountDisabled, subject: user, subjectKeys: keysOf(user), body: {} });
      if (str('status') === 'enabled') out.push({ eventType: EVENT_TYPES.accountEnabled, subject: user, subjectKeys: keysOf(user), body: {} });
      return out;
    }
    return [];
  }

  /** Address events to the tenant's streams that want them, as durable push jobs. */
  async function enqueue(tenantId: string, events: readonly OutgoingEvent[], onlyStream?: string): Promise<number> {
    if (events.length === 0) return 0;
    const streams = onlyStream ? [await ctx.store.ssfStreams.get(tenantId, onlyStream)].filter((s): s is SsfStreamRecord => s !== undefined) : await ctx.store.ssfStreams.list(tenantId, { limit: 500 });
    const now = ctx.now();
    let queued = 0;
    for (const stream of streams) {
      for (const ev of events) {
        if (!streamWants(stream, ev)) continue;
        const jti = ctx.newId();
        const payload: PushPayload = { streamId: stream.id, jti, iat: epochSeconds(now), eventType: ev.eventType, subject: ev.subject, body: ev.body };
        await ctx.store.jobs.schedule(tenantId, { kind: SSF_PUSH_JOB, dedupeKey: `ssf:${stream.id}:${jti}`, payload, runAt: now, maxAttempts: 20 });
        queued++;
      }
    }
    if (queued > 0) kick();
    return queued;
  }

  const onEvent = (e: VerityEvent): void => {
    void (async () => enqueue(e.tenantId, await outgoing(e)))().catch((err: unknown) => ctx.log.error({ err, topic: e.topic }, 'shared signals: queueing events failed'));
  };
  const unsubscribe = [GATEWAY_EVENTS.sessionRevoked, 'device.compliance.changed', 'device.risk.changed', GATEWAY_EVENTS.userChanged].map((t) => ctx.events.subscribe(t, onEvent));

  /** Deliver one SET (RFC 8935 §2): 202 is success, 400 names a permanent error, anything else is retried. */
  const push: JobExecutor = async (job: Job) => {
    const p = job.payload as PushPayload;
    const stream = await ctx.store.ssfStreams.get(job.tenantId, p.streamId);
    if (!stream) throw new PermanentJobError(`stream ${p.streamId} was deleted`);
    if (stream.status === 'disabled') throw new PermanentJobError(`stream ${p.streamId} is disabled`);
    if (stream.status === 'paused') throw new StreamPausedError(`stream ${p.streamId} is paused; the event is held`);
    if (!stream.endpointUrl) throw new PermanentJobError(`stream ${p.streamId} has no push endpoint`);
    const key = await signingKey(ctx, 'ssf-transmitter');
    const aud = stream.audience.length === 1 ? stream.audience[0]! : stream.audience;
    const set = await signSet(key, { iss: publicUrl(), aud, jti: p.jti, iat: p.iat, sub_id: p.subject, events: { [p.eventType]: p.body } });
    const authorization = stream.authorizationHeader ? ctx.secretBox.open(stream.authorizationHeader, `ssf-stream:${stream.id}`).toString('utf8') : undefined;
    const res = await outboundHttps(ctx.config, {
      method: 'POST', url: stream.endpointUrl, body: set, maxBytes: 64 * 1024,
      headers: { 'content-type': SET_MEDIA_TYPE, accept: 'application/json', ...(authorization ? { authorization } : {}) },
    });
    if (res.status >= 200 && res.status < 300) return;
    if (res.status === 400) {
      let err = 'invalid_request';
      let description = '';
      try { ({ err, description } = JSON.parse(res.text) as { err: string; description: string }); } catch { /* not the RFC 8935 body */ }
      throw new PermanentJobError(`receiver refused the SET: ${err}${description ? ` (${description})` : ''}`);
    }
    throw new Error(`receiver answered ${res.status}`);
  };

  return {
    executors: { [SSF_PUSH_JOB]: push } as Record<string, JobExecutor>,
    /** Queue events for one stream or all (verification, stream-updated); returns how many SETs were queued. */
    enqueue,
    /** Start queueing: `runDue` delivers without waiting for the scheduler's next tick. */
    start(runDue: () => void) { kick = runDue; },
    stop() { for (const u of unsubscribe) u(); },
  };
}
export type SsfTransmitter = ReturnType<typeof ssfTransmitter>;
