import { isAbsolute } from 'node:path';
import { ConfigError, parseEnv } from '@repowiki/runtime';
import { describe, expect, it } from 'vitest';
import { envSchema } from './env.js';

describe('migration-svc env', () => {
  it('has no admin by default and never a default password', () => {
    const env = parseEnv(envSchema, {});
    expect(env.HTTP_PORT).toBe(3105);
    expect(env.ADMIN_EMAIL).toBeUndefined();
    expect(env.ADMIN_PASSWORD).toBeUndefined();
    expect(isAbsolute(env.BACKUP_DIR)).toBe(true);
  });

  it('refuses a malformed admin email, naming it', () => {
    expect(() => parseEnv(envSchema, { ADMIN_EMAIL: 'root' })).toThrow(
      'invalid configuration: ADMIN_EMAIL: expected an email address, got "root"',
    );
  });

  it('refuses a short admin password without echoing it', () => {
    try {
      parseEnv(envSchema, { ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'short' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message).toContain('ADMIN_PASSWORD: expected at least 8 characters');
      expect((e as Error).message).not.toContain('short');
    }
  });
});
