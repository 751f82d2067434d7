import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Which peers may tell us the client address through forwarding headers:
 * - `false` (default): none; the socket address is the client (no proxy in front).
 * - `true`: every peer (only behind a load balancer that overwrites these headers).
 * - a list of addresses, CIDR ranges (`10.0.0.0/8`) or the words `loopback`, `private`.
 */
export type TrustProxy = boolean | readonly string[];

const NAMED_RANGES: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** A predicate answering "do we believe the forwarding headers this peer sent?". */
export type ProxyTrust = (ip: string) => boolean;

export function compileTrustProxy(trust: TrustProxy): ProxyTrust {
  if (trust === true) return () => true;
  if (trust === false || trust.length === 0) return () => false;
  const list = new BlockList();
  for (const item of trust.flatMap((t) => NAMED_RANGES[t] ?? [t])) {
    const [address = '', prefix] = item.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address))
      throw new Error(`trustProxy: "${item}" is neither an IP address, a CIDR range nor loopback/private`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (ip) => {
    const family = isIP(ip);
    return family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * The one forwarding header the proxy in front writes. Every other forwarding header is
 * passed on from the client by that proxy, so it is ignored: reading `Forwarded` or
 * `X-Real-IP` behind a proxy that only appends to `X-Forwarded-For` would let a client
 * choose its recorded address.
 */
export const CLIENT_IP_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;
export type ClientIpHeader = (typeof CLIENT_IP_HEADERS)[number];

/**
 * The client's address. The forwarding header is read only when the socket peer is trusted,
 * and only `header` (the one the proxy writes): a chain (`X-Forwarded-For`, RFC 7239
 * `Forwarded`) is walked from the right, past trusted proxies, to the first address we did
 * not put there ourselves; `X-Real-IP` is one address. No usable address → the peer.
 * @param header @default 'x-forwarded-for'
 */
export function resolveClientIp(
  remoteAddress: string | undefined,
  headers: IncomingHttpHeaders,
  trusted: ProxyTrust,
  header: ClientIpHeader = 'x-forwarded-for',
): string {
  const peer = normalizeIp(remoteAddress ?? '') ?? 'unknown';
  if (!trusted(peer)) return peer;
  if (header === 'x-real-ip') return normalizeIp(firstHeader(headers['x-real-ip']) ?? '') ?? peer;
  const chain = header === 'forwarded' ? forwardedFor(headers) : xForwardedFor(headers);
  if (chain.length === 0) return peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    const ip = chain[i]!;
    if (!trusted(ip)) return ip;
  }
  return chain[0]!;
}

/** RFC 7239 `for=` addresses, client first; unparseable elements dropped. */
function forwardedFor(headers: IncomingHttpHeaders): string[] {
  const value = headers.forwarded;
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((element) => normalizeIp(/(?:^|;)\s*for=("?)([^";]*)\1/i.exec(element)?.[2] ?? ''))
    .filter((ip): ip is string => ip !== undefined);
}

/** `X-Forwarded-For` addresses, client first; unparseable elements dropped. */
function xForwardedFor(headers: IncomingHttpHeaders): string[] {
  const xff = headers['x-forwarded-for'];
  const joined = Array.isArray(xff) ? xff.join(',') : (xff ?? '');
  return joined
    .split(',')
    .map(normalizeIp)
    .filter((ip): ip is string => ip !== undefined);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `::ffff:1.2.3.4` → `1.2.3.4`, `[2001:db8::1]:443` → `2001:db8::1`, `1.2.3.4:80` → `1.2.3.4`; undefined if not an IP. */
export function normalizeIp(raw: string): string | undefined {
  let ip = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed) ip = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(':'));
  if (ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4) ip = ip.slice(7);
  return isIP(ip) ? ip : undefined;
}
