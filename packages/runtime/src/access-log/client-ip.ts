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
 * The client's address. Forwarding headers are read only when the socket peer is trusted;
 * the chain (RFC 7239 `Forwarded`, else `X-Forwarded-For`) is walked from the right, past
 * trusted proxies, to the first address we did not put there ourselves. `X-Real-IP` is
 * used when a trusted peer sent no chain.
 */
export function resolveClientIp(
  remoteAddress: string | undefined,
  headers: IncomingHttpHeaders,
  trusted: ProxyTrust,
): string {
  const peer = normalizeIp(remoteAddress ?? '') ?? 'unknown';
  if (!trusted(peer)) return peer;
  const chain = forwardedChain(headers);
  if (chain.length === 0) return normalizeIp(firstHeader(headers['x-real-ip']) ?? '') ?? peer;
  for (let i = chain.length - 1; i >= 0; i--) {
    const ip = chain[i]!;
    if (!trusted(ip)) return ip;
  }
  return chain[0]!;
}

/** Addresses of the forwarding chain, client first; unparseable elements dropped. */
function forwardedChain(headers: IncomingHttpHeaders): string[] {
  const forwarded = firstHeader(headers.forwarded);
  if (forwarded) {
    const fors = forwarded
      .split(',')
      .map((element) => /(?:^|;)\s*for=("?)([^";]*)\1/i.exec(element)?.[2] ?? '')
      .map(normalizeIp);
    return fors.filter((ip): ip is string => ip !== undefined);
  }
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
