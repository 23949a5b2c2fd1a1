import ipaddr from 'ipaddr.js';

/**
 * A parsed CIDR range. Addresses are kept as 16 bytes (IPv4 as IPv4-mapped IPv6) so one
 * comparison routine serves both families; parsing uses ipaddr.js (well-kept, used by
 * proxy-addr) because hand-written IPv6 parsing is a classic source of bugs.
 */
export interface IpRange {
  readonly family: 4 | 6;
  readonly cidr: string;
  /** 16 bytes, IPv4 mapped into ::ffff:0:0/96. */
  readonly bytes: Uint8Array;
  /** Prefix length in the 128-bit space. */
  readonly prefix: number;
}

function toBytes16(addr: ipaddr.IPv4 | ipaddr.IPv6): Uint8Array {
  if (addr.kind() === 'ipv4') return Uint8Array.from((addr as ipaddr.IPv4).toIPv4MappedAddress().toByteArray());
  const v6 = addr as ipaddr.IPv6;
  // An IPv4-mapped IPv6 address is the same host as its IPv4 form (RFC 4291 §2.5.5.2).
  return Uint8Array.from(v6.toByteArray());
}

/** Parse `a.b.c.d/n` or `x:y::z/n`; returns null when it is not a valid CIDR range. */
export function parseCidr(cidr: string): IpRange | null {
  if (typeof cidr !== 'string' || cidr.length > 64) return null;
  const slash = cidr.indexOf('/');
  if (slash < 0 || !/^\d{1,3}$/.test(cidr.slice(slash + 1))) return null;
  const host = cidr.slice(0, slash);
  if (!host.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(host)) return null;
  try {
    const [addr, prefix] = ipaddr.parseCIDR(cidr);
    const family = addr.kind() === 'ipv4' ? 4 : 6;
    return { family, cidr, bytes: toBytes16(addr), prefix: family === 4 ? prefix + 96 : prefix };
  } catch {
    return null;
  }
}

/**
 * Dotted-quad IPv4 as an unsigned 32-bit number, -1 when it is not one. Hand-written because it
 * runs once per decision on the gateway's hot path, where ipaddr.js's regex and objects cost more
 * than the whole policy evaluation; it accepts exactly what `isValidFourPartDecimal` accepts.
 */
export function parseIPv4Number(ip: string): number {
  let address = 0;
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || parts === 3) return -1;
      address = address * 256 + value;
      parts++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return -1; // no leading zeros (they read as octal elsewhere)
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return -1;
    } else return -1;
  }
  if (parts !== 3 || digits === 0) return -1;
  return address * 256 + value;
}

/** Dotted-quad IPv4 straight into the mapped 16-byte form. */
function parseIPv4(ip: string): Uint8Array | null {
  const n = parseIPv4Number(ip);
  if (n < 0) return null;
  const out = new Uint8Array(16);
  out[10] = 0xff;
  out[11] = 0xff;
  out[12] = n >>> 24;
  out[13] = (n >>> 16) & 0xff;
  out[14] = (n >>> 8) & 0xff;
  out[15] = n & 0xff;
  return out;
}

/** Parse a single IPv4 or IPv6 address into 16 bytes; null when invalid. */
export function parseIp(ip: string): Uint8Array | null {
  if (typeof ip !== 'string' || ip.length > 64) return null;
  if (!ip.includes(':')) return parseIPv4(ip);
  // ipaddr.isValid accepts legacy IPv4 forms (octal, short); only the four-part decimal form is an address on the wire.
  if (!ipaddr.IPv4.isValidFourPartDecimal(ip) && !ipaddr.IPv6.isValid(ip)) return null;
  try {
    return toBytes16(ipaddr.parse(ip));
  } catch {
    return null;
  }
}

/** True when the 16-byte address lies inside the range. */
export function ipInRange(ip: Uint8Array, range: IpRange): boolean {
  const bytes = range.bytes;
  let bits = range.prefix;
  let i = 0;
  while (bits >= 8) {
    if (ip[i] !== bytes[i]) return false;
    i++;
    bits -= 8;
  }
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return ((ip[i] ?? 0) & mask) === ((bytes[i] ?? 0) & mask);
}

const V4_MAPPED_PREFIX = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff);

/**
 * The IPv4 addresses of a range as `(address & mask) === network` (unsigned 32-bit), or null
 * when the range holds no IPv4 address. Exactly `ipInRange` on IPv4-mapped addresses: a range
 * wider than /96 holds every IPv4 address when its prefix bits agree with ::ffff:0:0/96.
 */
export function ipv4Part(range: IpRange): { network: number; mask: number } | null {
  const prefix = range.prefix;
  const bytes = range.bytes;
  const mapped = Math.min(prefix, 96);
  for (let bit = 0; bit < mapped; bit += 8) {
    const width = Math.min(8, mapped - bit);
    const m = (0xff << (8 - width)) & 0xff;
    if ((bytes[bit >>> 3]! & m) !== (V4_MAPPED_PREFIX[bit >>> 3]! & m)) return null;
  }
  if (prefix <= 96) return { network: 0, mask: 0 };
  const mask = prefix === 128 ? 0xffffffff : (0xffffffff << (128 - prefix)) >>> 0;
  const network = ((bytes[12]! << 24) | (bytes[13]! << 16) | (bytes[14]! << 8) | bytes[15]!) >>> 0;
  return { network: (network & mask) >>> 0, mask };
}
