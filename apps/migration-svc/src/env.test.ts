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

  it('needs BACKUP_SIGNING_KEY in production, and a long one anywhere, without echoing it', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' };
    expect(() => parseEnv(envSchema, production)).toThrow(
      'invalid configuration: BACKUP_SIGNING_KEY: required when NODE_ENV=production, it is unset',
    );
    const key = 'k'.repeat(32);
    expect(parseEnv(envSchema, { ...production, BACKUP_SIGNING_KEY: key }).BACKUP_SIGNING_KEY).toBe(key);
    expect(parseEnv(envSchema, {}).BACKUP_SIGNING_KEY).toBeUndefined();
    try {
      parseEnv(envSchema, { BACKUP_SIGNING_KEY: 'too-short-secret' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toContain('BACKUP_SIGNING_KEY: expected at least 32 characters');
      expect((e as Error).message).not.toContain('too-short-secret');
    }
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
