import { z } from 'zod';
import { VerityError } from '../errors/verity-error.js';
import { parseCidr } from './ip-range.js';
import { toJsonPath, zodIssuesToDetails } from './json-path.js';
import { normaliseGraphDocument, shape } from '../graph-import/normalise-graph-document.js';
import type { ImportNote } from '../graph-import/import-notes.js';

/**
 * Graph `ipNamedLocation`, `countryNamedLocation` and `compliantNetworkNamedLocation`
 * (learn.microsoft.com/graph/api/resources/namedlocation). The kind is taken from `@odata.type`
 * when present, otherwise from which list the object carries.
 */
const base = {
  '@odata.type': z.string().max(128).optional(),
  id: z.string().min(1).max(256).optional(),
  displayName: z.string().min(1).max(256),
  createdDateTime: z.string().max(64).nullable().optional(),
  modifiedDateTime: z.string().max(64).nullable().optional(),
};

const cidrRange = z.looseObject({ '@odata.type': z.string().max(128).optional(), cidrAddress: z.string().min(1).max(64) });

export const ipNamedLocationSchema = z.looseObject({ ...base, isTrusted: z.boolean().optional(), ipRanges: z.array(cidrRange).min(1).max(2000) });
export const countryNamedLocationSchema = z.looseObject({
  ...base,
  countriesAndRegions: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code')).max(300),
  includeUnknownCountriesAndRegions: z.boolean().optional(),
  countryLookupMethod: z.enum(['clientIpAddress', 'authenticatorAppGps', 'unknownFutureValue']).optional(),
});

/** Global Secure Access's compliant network: Verity cannot know whether a sign-in comes from it. */
export const compliantNetworkNamedLocationSchema = z.looseObject({
  ...base,
  isTrusted: z.boolean().optional(),
  compliantNetworkType: z.enum(['allTenantCompliantNetworks', 'unknownFutureValue']).optional(),
});

export type IpNamedLocation = z.infer<typeof ipNamedLocationSchema> & { kind: 'ip' };
export type CountryNamedLocation = z.infer<typeof countryNamedLocationSchema> & { kind: 'country' };
export type CompliantNetworkNamedLocation = z.infer<typeof compliantNetworkNamedLocationSchema> & { kind: 'compliantNetwork' };
export type NamedLocation = IpNamedLocation | CountryNamedLocation | CompliantNetworkNamedLocation;
export type NamedLocationKind = NamedLocation['kind'];

const COMMON = ['@odata.type', 'id', 'displayName', 'createdDateTime', 'modifiedDateTime'];
const KNOWN = {
  ip: [...COMMON, 'isTrusted', 'ipRanges'],
  country: [...COMMON, 'countriesAndRegions', 'includeUnknownCountriesAndRegions', 'countryLookupMethod'],
  compliantNetwork: [...COMMON, 'isTrusted', 'compliantNetworkType'],
} as const;
const ODATA_TYPES: Record<NamedLocationKind, string> = {
  ip: '#microsoft.graph.ipNamedLocation',
  country: '#microsoft.graph.countryNamedLocation',
  compliantNetwork: '#microsoft.graph.compliantNetworkNamedLocation',
};

const NAMED_LOCATION_SHAPE = shape.object({
  id: shape.value, displayName: shape.value, createdDateTime: shape.value, modifiedDateTime: shape.value, isTrusted: shape.value,
  ipRanges: shape.list, countriesAndRegions: shape.list, includeUnknownCountriesAndRegions: shape.value,
  countryLookupMethod: shape.enum(['clientIpAddress', 'authenticatorAppGps', 'unknownFutureValue']),
  compliantNetworkType: shape.enum(['allTenantCompliantNetworks', 'unknownFutureValue']),
});

/** Normalise a named location as real exports write it (names and enums in any case, lower-case country codes). */
function normalise(json: Record<string, unknown>): { doc: Record<string, unknown>; notes: ImportNote[] } {
  const { document, notes } = normaliseGraphDocument(json, NAMED_LOCATION_SHAPE);
  const doc = document as Record<string, unknown>;
  if (Array.isArray(doc.countriesAndRegions)) {
    doc.countriesAndRegions = doc.countriesAndRegions.map((c: unknown, i) => {
      if (typeof c !== 'string' || !/^[a-z]{2}$/i.test(c) || c === c.toUpperCase()) return c;
      notes.push({ path: `$.countriesAndRegions[${i}]`, code: 'enum-case-normalised', message: `"${c}" read as "${c.toUpperCase()}" (ISO 3166-1 alpha-2).` });
      return c.toUpperCase();
    });
  }
  return { doc, notes };
}

function invalid(details: { path: string; message: string }[]): VerityError {
  return new VerityError('VERITY_ACCESS_NAMED_LOCATION_INVALID', 'The named location is not valid.', { status: 400, details });
}

/** What a named location import reports: evaluated paths, unsupported settings and normalisations. */
export interface NamedLocationImportReport {
  readonly evaluated: string[];
  readonly unsupported: { path: string; reason: string }[];
  readonly normalised: ImportNote[];
}

/** The kind from `@odata.type`, else from the list the object carries. */
function kindOf(o: Record<string, unknown>): NamedLocationKind | undefined {
  const type = typeof o['@odata.type'] === 'string' ? (o['@odata.type'] as string) : undefined;
  const byType = (Object.entries(ODATA_TYPES) as [NamedLocationKind, string][]).find(([, t]) => t === type)?.[0];
  if (byType !== undefined || type !== undefined) return byType;
  if ('ipRanges' in o) return 'ip';
  if ('countriesAndRegions' in o) return 'country';
  if ('compliantNetworkType' in o) return 'compliantNetwork';
  return undefined;
}

/** Validate a Graph named location (normalised as real exports need); throws VERITY_ACCESS_NAMED_LOCATION_INVALID (400) naming the JSON paths. */
export function importNamedLocation(json: unknown): { location: NamedLocation; report: NamedLocationImportReport } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw invalid([{ path: '$', message: 'expected an object' }]);
  const { doc: o, notes } = normalise(json as Record<string, unknown>);
  const kind = kindOf(o);
  if (kind === undefined) throw invalid([{ path: typeof o['@odata.type'] === 'string' ? "$['@odata.type']" : '$', message: 'expected an ipNamedLocation, a countryNamedLocation or a compliantNetworkNamedLocation' }]);

  const unsupported: { path: string; reason: string }[] = [];
  for (const key of Object.keys(o)) if (!key.includes('@') && !key.startsWith('#') && !(KNOWN[kind] as readonly string[]).includes(key)) unsupported.push({ path: toJsonPath([key]), reason: 'unknown-property' });

  if (kind === 'ip') {
    const parsed = ipNamedLocationSchema.safeParse(o);
    if (!parsed.success) throw invalid(zodIssuesToDetails(parsed.error.issues));
    const bad = parsed.data.ipRanges.flatMap((r, i) => (parseCidr(r.cidrAddress) ? [] : [{ path: `$.ipRanges[${i}].cidrAddress`, message: 'expected an IPv4 or IPv6 CIDR range' }]));
    if (bad.length > 0) throw invalid(bad);
    return { location: { ...parsed.data, kind }, report: { evaluated: ['$.ipRanges', '$.isTrusted'], unsupported, normalised: notes } };
  }
  if (kind === 'compliantNetwork') {
    const parsed = compliantNetworkNamedLocationSchema.safeParse(o);
    if (!parsed.success) throw invalid(zodIssuesToDetails(parsed.error.issues));
    // Whether a sign-in comes through Global Secure Access is unknown to Verity: matched fail-closed (see policy-conditions.ts).
    unsupported.push({ path: '$.compliantNetworkType', reason: 'compliant-network-not-evaluated' });
    return { location: { ...parsed.data, kind }, report: { evaluated: [], unsupported, normalised: notes } };
  }
  const parsed = countryNamedLocationSchema.safeParse(o);
  if (!parsed.success) throw invalid(zodIssuesToDetails(parsed.error.issues));
  // GPS location comes from the Authenticator app, which Verity does not have: the location is unknown (fail closed).
  if (parsed.data.countryLookupMethod === 'authenticatorAppGps') unsupported.push({ path: '$.countryLookupMethod', reason: 'gps-lookup-not-supported-location-unknown' });
  return { location: { ...parsed.data, kind }, report: { evaluated: ['$.countriesAndRegions', '$.includeUnknownCountriesAndRegions'], unsupported, normalised: notes } };
}

/** Export a named location in the Graph shape. */
export function exportNamedLocation(location: NamedLocation): Record<string, unknown> {
  const { kind, ...rest } = structuredClone(location);
  return { '@odata.type': ODATA_TYPES[kind], ...rest };
}
