import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../service/parse-env.js';
import { accessLogEnvSchema } from './access-log-env.js';

describe('accessLogEnvSchema', () => {
  it('defaults to no trusted proxy, X-Forwarded-For, and /24 and /48', () => {
    expect(parseEnv(accessLogEnvSchema, {})).toEqual({
      trustProxy: false,
      clientIpHeader: 'x-forwarded-for',
      ipAnonymization: { ipv4PrefixBits: 24, ipv6PrefixBits: 48 },
    });
  });

  it('reads the proxy, its header and the prefixes', () => {
    const env = {
      ACCESSLOG_TRUST_PROXY: 'loopback, 10.0.0.0/8',
      ACCESSLOG_CLIENT_IP_HEADER: 'forwarded',
      ACCESSLOG_IPV4_PREFIX_BITS: '32',
      ACCESSLOG_IPV6_PREFIX_BITS: '128',
    };
    expect(parseEnv(accessLogEnvSchema, env)).toEqual({
      trustProxy: ['loopback', '10.0.0.0/8'],
      clientIpHeader: 'forwarded',
      ipAnonymization: { ipv4PrefixBits: 32, ipv6PrefixBits: 128 },
    });
    expect(parseEnv(accessLogEnvSchema, { ACCESSLOG_TRUST_PROXY: 'TRUE' }).trustProxy).toBe(true);
  });

  it('names every bad variable', () => {
    const bad = {
      ACCESSLOG_TRUST_PROXY: 'proxy.internal',
      ACCESSLOG_CLIENT_IP_HEADER: 'x-client-ip',
      ACCESSLOG_IPV4_PREFIX_BITS: '33',
      ACCESSLOG_IPV6_PREFIX_BITS: '-1',
    };
    expect(() => parseEnv(accessLogEnvSchema, bad)).toThrow(ConfigError);
    try {
      parseEnv(accessLogEnvSchema, bad);
    } catch (e) {
      expect((e as ConfigError).variables).toEqual(Object.keys(bad));
      expect((e as Error).message).toMatch(
        /ACCESSLOG_IPV4_PREFIX_BITS: expected a prefix length from 0 to 32/,
      );
    }
  });
});
