import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Reader, type CountryResponse } from 'maxmind';
import { parseIp } from '@verity/core';
import type { ServerContext } from '../context.js';

/**
 * IP-to-country at the edge: the server resolves the sign-in address to an ISO 3166-1 alpha-2
 * code and hands it to the pure engine (`SignInContext.country`). The table is ip-location-db's
 * `geo-whois-asn-country` in MaxMind DB form (package licence CC0-1.0; built from the RIRs' WHOIS
 * data, CC BY 4.0 NRO), read with the `maxmind` package. docs/conditional-access.md says how to
 * refresh it or point VERITY_COUNTRY_DB at another MaxMind DB file with a `country_code` (or
 * GeoLite2-style `country.iso_code`) field.
 */
export interface CountryLookup {
  /** Whether a table is loaded (without one, country locations are unknown: fail closed). */
  readonly available: boolean;
  /** Where the table came from (file path) and how many bytes it has, for the analysis and logs. */
  readonly source: string | null;
  /** The country of an address, null when the table places it nowhere (private ranges, unallocated space). */
  countryOf(ip: string): string | null;
}

/** ip-location-db writes `country_code`; MaxMind's own country databases `country.iso_code`. */
type CountryRecord = CountryResponse & { country_code?: string };

const UNAVAILABLE: CountryLookup = { available: false, source: null, countryOf: () => null };

/** The bundled table's path (a dependency of @verity/server). */
export function bundledCountryDatabase(): string {
  return createRequire(import.meta.url).resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
}

/** Open a MaxMind DB country table; throws when the file is missing or not a MaxMind DB. */
export function openCountryLookup(path: string): CountryLookup {
  const reader = new Reader<CountryRecord>(readFileSync(path));
  return {
    available: true,
    source: path,
    countryOf(ip: string): string | null {
      if (parseIp(ip) === null) return null;
      const r = reader.get(ip);
      const code = r?.country_code ?? r?.country?.iso_code;
      return typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : null;
    },
  };
}

const lookups = new WeakMap<ServerContext, CountryLookup>();

/**
 * This server's country lookup, opened on first use from `config.countryDatabase` (default: the
 * bundled table; `none`: no lookup). A table that cannot be read is logged and country
 * locations stay unknown (fail closed): a broken file never makes a location match.
 */
export function countryLookup(ctx: ServerContext): CountryLookup {
  let lookup = lookups.get(ctx);
  if (lookup) return lookup;
  const configured = ctx.config.countryDatabase;
  if (configured === 'none') lookup = UNAVAILABLE;
  else {
    try {
      lookup = openCountryLookup(configured ?? bundledCountryDatabase());
    } catch (err) {
      ctx.log.warn({ err: err instanceof Error ? err.message : String(err), path: configured ?? 'bundled' }, 'IP-to-country table not loaded: country named locations are evaluated as unknown (fail closed)');
      lookup = UNAVAILABLE;
    }
  }
  lookups.set(ctx, lookup);
  return lookup;
}
