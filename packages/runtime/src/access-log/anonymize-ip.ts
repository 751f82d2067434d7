import { isIP } from 'node:net';
import { normalizeIp } from './client-ip.js';

/**
 * How much of a client address is kept, like Google Analytics' "IP anonymization": the
 * network part stays (enough for rough location and distinct-visitor counts), the host part
 * is zeroed. 32 / 128 keep addresses whole.
 */
export interface IpAnonymization {
  /** Leading bits of an IPv4 address kept. @default 24 (`198.51.100.7` → `198.51.100.0`) */
  readonly ipv4PrefixBits: number;
  /** Leading bits of an IPv6 address kept. @default 48 (`2001:db8:1:2::7` → `2001:db8:1::`) */
  readonly ipv6PrefixBits: number;
}

export const DEFAULT_IP_ANONYMIZATION: IpAnonymization = { ipv4PrefixBits: 24, ipv6PrefixBits: 48 };

/**
 * The address with its host bits zeroed, in canonical form (IPv4-mapped IPv6 counts as
 * IPv4). A value that is not an address becomes `unknown` unless both prefixes keep
 * everything: a string we cannot parse may still hold a whole address.
 */
export function anonymizeIp(raw: string, prefixes: IpAnonymization): string {
  const keepsAll = prefixes.ipv4PrefixBits >= 32 && prefixes.ipv6PrefixBits >= 128;
  const ip = normalizeIp(raw);
  if (ip === undefined) return keepsAll ? raw : 'unknown';
  if (keepsAll) return raw;
  return isIP(ip) === 4 ? maskIpv4(ip, prefixes.ipv4PrefixBits) : maskIpv6(ip, prefixes.ipv6PrefixBits);
}

function maskIpv4(ip: string, bits: number): string {
  const octets = ip.split('.').map(Number);
  return octets.map((octet, i) => octet & byteMask(bits - i * 8)).join('.');
}

/** Mask of the leading `bits` (clamped to 0–8) of one byte. */
function byteMask(bits: number): number {
  const b = Math.max(0, Math.min(8, bits));
  return (0xff << (8 - b)) & 0xff;
}

function maskIpv6(ip: string, bits: number): string {
  const groups = ipv6Groups(ip);
  const masked = groups.map((g, i) => {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    return g & ((0xffff << (16 - keep)) & 0xffff);
  });
  return formatIpv6(masked);
}

/** The eight 16-bit groups of a valid IPv6 address (`::` and a dotted IPv4 tail expanded). */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1]!.split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => Number.parseInt(h, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
function formatIpv6(groups: number[]): string {
  let best = { at: -1, len: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.len < 2) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}
