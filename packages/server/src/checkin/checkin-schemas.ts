import { hash } from 'node:crypto';
import { z } from 'zod';
import { postureReportSchema } from '@verity/core';
import { idSchema } from '../shared/wire.js';
import { validationError } from '../http/problem.js';
import { jsonValueSpans, type JsonSpan } from '../http/json-text.js';

export const checkinBody = z.object({
  report: postureReportSchema,
  commandResults: z.array(z.object({
    commandId: idSchema,
    status: z.enum(['succeeded', 'failed']),
    detail: z.string().max(2048).optional(),
  }).strict()).max(100).default([]),
}).strict();
export type CheckinBody = z.infer<typeof checkinBody>;

export const renewBody = z.object({ csr: z.string().min(100).max(16_384) }).strict();

/** checkinBody with the facts left to the caller (they are validated on their own, see parseCheckinBody). */
const checkinEnvelope = checkinBody.extend({ report: postureReportSchema.extend({ facts: z.unknown() }) });

/**
 * Digests of facts objects that passed postureFactsSchema in this process, most recent last.
 * An agent reports the same facts on most check-ins, and validating them is a large share of a
 * check-in's CPU; a digest of the exact JSON text that already passed identifies them safely
 * (SHA-256: another text cannot share it). Bounded: an evicted entry only costs one validation.
 */
const VALIDATED_FACTS_MAX = 200_000;
const validatedFacts = new Set<string>();
/** The digest of each accepted facts object, for the posture fingerprint (no second serialisation). */
const factsDigests = new WeakMap<object, string>();
/** The JSON text of each accepted report, when the request body's own text could be reused. */
const reportTexts = new WeakMap<object, string>();

function rememberValidated(digest: string): void {
  if (validatedFacts.size >= VALIDATED_FACTS_MAX) {
    // Sets iterate in insertion order: drop the oldest.
    const oldest = validatedFacts.values().next().value;
    if (oldest !== undefined) validatedFacts.delete(oldest);
  }
  validatedFacts.add(digest);
}

/**
 * Where the report and its facts sit in the body text the agent sent (when the app's JSON parser
 * kept it and the spans are certain): their text then needs no second serialisation.
 */
function sourceSpans(text: string | undefined): { text: string; report: JsonSpan; facts: JsonSpan } | undefined {
  const spans = text === undefined ? undefined : jsonValueSpans(text, ['report', 'facts']);
  return spans ? { text: text!, report: spans[0]!, facts: spans[1]! } : undefined;
}

/**
 * Exactly `checkinBody.parse` on parsed JSON (same result, same errors; the route only ever sees
 * parsed JSON, where equal text means equal value), cheaper for facts seen before: the
 * envelope always goes through zod, the facts only when their digest is not known to be valid.
 * The digest is taken over the facts' text as the agent sent it, when `bodyText` (the JSON text
 * `raw` was parsed from) is given, else over their serialisation. postureFactsSchema has no defaults or
 * transforms, so valid facts are returned as received (a property test holds the two equal).
 */
export function parseCheckinBody(raw: unknown, bodyText?: string): CheckinBody {
  const facts = (raw as { report?: { facts?: unknown } } | null)?.report?.facts;
  const factsIsObject = facts !== null && typeof facts === 'object' && !Array.isArray(facts);
  const source = factsIsObject ? sourceSpans(bodyText) : undefined;
  const text = !factsIsObject ? undefined : source ? source.text.slice(source.facts.start, source.facts.end) : JSON.stringify(facts);
  const digest = text === undefined ? undefined : hash('sha256', text, 'base64url');
  let body: CheckinBody;
  if (digest !== undefined && validatedFacts.has(digest)) {
    const envelope = checkinEnvelope.safeParse(raw);
    if (!envelope.success) throw validationError(envelope.error, '$');
    body = envelope.data as CheckinBody;
  } else {
    const full = checkinBody.safeParse(raw);
    if (!full.success) throw validationError(full.error, '$');
    body = full.data;
    if (digest === undefined) return body;
    rememberValidated(digest);
  }
  // The facts as received (equal to zod's copy), so the digest below belongs to exactly this object.
  body.report.facts = facts as CheckinBody['report']['facts'];
  factsDigests.set(body.report.facts, digest);
  // postureReportSchema has no defaults or transforms either: the report as sent is the report validated.
  if (source) reportTexts.set(body.report, source.text.slice(source.report.start, source.report.end));
  return body;
}

/** The report as JSON text, for the posture history: as the agent sent it when known, else serialised. */
export function reportJson(report: CheckinBody['report']): string {
  return reportTexts.get(report) ?? JSON.stringify(report);
}

/** The SHA-256 (base64url) of the facts' JSON text, as computed when the body was parsed. */
export function factsDigest(facts: CheckinBody['report']['facts']): string {
  return factsDigests.get(facts) ?? hash('sha256', JSON.stringify(facts), 'base64url');
}

