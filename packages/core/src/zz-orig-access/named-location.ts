import { z } from 'zod';
import { VerityError } from '../errors/verity-error.js';
import { parseCidr } from './ip-range.js';
import { toJsonPath, zodIssuesToDetails } from './json-path.js';

/**
 * Graph `ipNamedLocation` and `countryNamedLocation` (learn.microsoft.com/graph/api/resources/namedlocation).
 * The kind is taken from `@odata.type` when present, otherwise from which list the object carries.
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

export type IpNamedLocation = z.infer<typeof ipNamedLocationSchema> & { kind: 'ip' };
export type CountryNamedLocation = z.infer<typeof countryNamedLocationSchema> & { kind: 'country' };
export type NamedLocation = IpNamedLocation | CountryNamedLocation;

const KNOWN = {
  ip: ['@odata.type', 'id', 'displayName', 'createdDateTime', 'modifiedDateTime', 'isTrusted', 'ipRanges'],
  country: ['@odata.type', 'id', 'displayName', 'createdDateTime', 'modifiedDateTime', 'countriesAndRegions', 'includeUnknownCountriesAndRegions', 'countryLookupMethod'],
} as const;

function invalid(details: { path: string; message: string }[]): VerityError {
  return new VerityError('VERITY_ACCESS_NAMED_LOCATION_INVALID', 'The named location is not valid.', { status: 400, details });
}

/** Validate a Graph named location; throws VERITY_ACCESS_NAMED_LOCATION_INVALID (400) naming the JSON paths. */
export function importNamedLocation(json: unknown): { location: NamedLocation; report: { evaluated: string[]; unsupported: { path: string; reason: string }[] } } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw invalid([{ path: '$', message: 'expected an object' }]);
  const o = json as Record<string, unknown>;
  const type = typeof o['@odata.type'] === 'string' ? (o['@odata.type'] as string) : undefined;
  let kind: 'ip' | 'country';
  if (type === '#microsoft.graph.ipNamedLocation' || (type === undefined && 'ipRanges' in o)) kind = 'ip';
  else if (type === '#microsoft.graph.countryNamedLocation' || (type === undefined && 'countriesAndRegions' in o)) kind = 'country';
  else throw invalid([{ path: type === undefined ? '$' : "$['@odata.type']", message: 'expected an ipNamedLocation or a countryNamedLocation' }]);

  const unsupported: { path: string; reason: string }[] = [];
  for (const key of Object.keys(o)) if (!key.startsWith('@odata.') && !(KNOWN[kind] as readonly string[]).includes(key)) unsupported.push({ path: toJsonPath([key]), reason: 'unknown-property' });

  if (kind === 'ip') {
    const parsed = ipNamedLocationSchema.safeParse(json);
    if (!parsed.success) throw invalid(zodIssuesToDetails(parsed.error.issues));
    const bad = parsed.data.ipRanges.flatMap((r, i) => (parseCidr(r.cidrAddress) ? [] : [{ path: `$.ipRanges[${i}].cidrAddress`, message: 'expected an IPv4 or IPv6 CIDR range' }]));
    if (bad.length > 0) throw invalid(bad);
    return { location: { ...parsed.data, kind }, report: { evaluated: ['$.ipRanges', '$.isTrusted'], unsupported } };
  }
  const parsed = countryNamedLocationSchema.safeParse(json);
  if (!parsed.success) throw invalid(zodIssuesToDetails(parsed.error.issues));
  // GPS location comes from the Authenticator app, which Verity does not have: the location is unknown (fail closed).
  if (parsed.data.countryLookupMethod === 'authenticatorAppGps') unsupported.push({ path: '$.countryLookupMethod', reason: 'gps-lookup-not-supported-location-unknown' });
  return { location: { ...parsed.data, kind }, report: { evaluated: ['$.countriesAndRegions', '$.includeUnknownCountriesAndRegions'], unsupported } };
}

/** Export a named location in the Graph shape. */
export function exportNamedLocation(location: NamedLocation): Record<string, unknown> {
  const { kind, ...rest } = structuredClone(location);
  return { '@odata.type': kind === 'ip' ? '#microsoft.graph.ipNamedLocation' : '#microsoft.graph.countryNamedLocation', ...rest };
}
