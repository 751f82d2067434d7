import { parseEnv } from '@repowiki/runtime';
import { describe, expect, it } from 'vitest';
import { envSchema } from './env.js';

describe('accesslog-svc env', () => {
  it('listens on its own port and takes the shared task limits', () => {
    const env = parseEnv(envSchema, { TASK_MAX_SIZE_PER_USER: '2' });
    expect(env.HTTP_PORT).toBe(3103);
    expect(env.TASK_MAX_SIZE_PER_USER).toBe(2);
    expect(env.TASK_TIME_LIMIT).toBe(1800);
  });

  it('keeps /24 and /48 of client addresses unless told otherwise', () => {
    expect(parseEnv(envSchema, {})).toMatchObject({
      ACCESSLOG_IPV4_PREFIX_BITS: 24,
      ACCESSLOG_IPV6_PREFIX_BITS: 48,
    });
    expect(() => parseEnv(envSchema, { ACCESSLOG_IPV6_PREFIX_BITS: '129' })).toThrow(
      'invalid configuration: ACCESSLOG_IPV6_PREFIX_BITS: expected a prefix length from 0 to 128 (bits kept), got "129"',
    );
  });

  it('refuses a bad HTTP_PORT, naming it', () => {
    expect(() => parseEnv(envSchema, { HTTP_PORT: 'eighty' })).toThrow(
      'invalid configuration: HTTP_PORT: expected a TCP port (1-65535), got "eighty"',
    );
  });
});
