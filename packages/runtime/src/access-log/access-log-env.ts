import { z } from 'zod';
import type { IpAnonymization } from './anonymize-ip.js';
import { CLIENT_IP_HEADERS, type ClientIpHeader, compileTrustProxy, type TrustProxy } from './client-ip.js';

/** Leading bits of an address to keep, `0`–`max`. */
function prefixBits(max: number, defaultValue: number) {
  const error = `expected a prefix length from 0 to ${max} (bits kept)`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { error, abort: true })
    .transform(Number)
    .refine((n) => n <= max, { error, abort: true })
    .default(defaultValue);
}

/**
 * How much of a client address is stored, shared by the web tier (what it publishes) and
 * accesslog-svc (what it writes to `access_records`). 32 and 128 keep addresses whole.
 */
export function ipAnonymizationEnvShape() {
  return {
    /** Leading bits of an IPv4 client address kept. @default 24 (`198.51.100.7` → `198.51.100.0`) */
    ACCESSLOG_IPV4_PREFIX_BITS: prefixBits(32, 24),
    /** Leading bits of an IPv6 client address kept. @default 48 */
    ACCESSLOG_IPV6_PREFIX_BITS: prefixBits(128, 48),
  };
}

/** The two variables above as `anonymizeIp`'s setting. */
export function ipAnonymizationOf(env: {
  ACCESSLOG_IPV4_PREFIX_BITS: number;
  ACCESSLOG_IPV6_PREFIX_BITS: number;
}): IpAnonymization {
  return { ipv4PrefixBits: env.ACCESSLOG_IPV4_PREFIX_BITS, ipv6PrefixBits: env.ACCESSLOG_IPV6_PREFIX_BITS };
}

/**
 * The web tier's access-log settings from its environment, for `createAccessLogMiddleware`:
 * `createAccessLogMiddleware({ js, ...parseEnv(accessLogEnvSchema) })`.
 */
export const accessLogEnvSchema = z
  .object({
    /**
     * Whose forwarding header to believe: `false` (no proxy in front), `true` (every peer), or
     * addresses, CIDR ranges and the words `loopback` / `private`, comma-separated. @default false
     */
    ACCESSLOG_TRUST_PROXY: z
      .string()
      .trim()
      .refine(isTrustProxy, {
        error: 'expected false, true, or IP addresses, CIDR ranges, loopback or private, comma-separated',
      })
      .default('false'),
    /** The one header that proxy writes. @default x-forwarded-for */
    ACCESSLOG_CLIENT_IP_HEADER: z
      .enum(CLIENT_IP_HEADERS, { error: `expected one of ${CLIENT_IP_HEADERS.join(', ')}` })
      .default('x-forwarded-for'),
    ...ipAnonymizationEnvShape(),
  })
  .transform(
    (env): { trustProxy: TrustProxy; clientIpHeader: ClientIpHeader; ipAnonymization: IpAnonymization } => ({
      trustProxy: trustProxyOf(env.ACCESSLOG_TRUST_PROXY),
      clientIpHeader: env.ACCESSLOG_CLIENT_IP_HEADER,
      ipAnonymization: ipAnonymizationOf(env),
    }),
  );

function isTrustProxy(value: string): boolean {
  try {
    compileTrustProxy(trustProxyOf(value));
    return true;
  } catch {
    return false;
  }
}

function trustProxyOf(value: string): TrustProxy {
  const lower = value.toLowerCase();
  if (lower === 'false') return false;
  if (lower === 'true') return true;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
