import { ConfigError, parseEnv } from '@repowiki/runtime';
import { describe, expect, it } from 'vitest';
import { envSchema } from './env.js';

const TOKEN = 'a'.repeat(32);

describe('console env', () => {
  it('needs CONSOLE_TOKEN in production, and says so', () => {
    expect(() => parseEnv(envSchema, { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' })).toThrow(
      /CONSOLE_TOKEN: required when NODE_ENV=production/,
    );
    expect(
      parseEnv(envSchema, { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', CONSOLE_TOKEN: TOKEN }),
    ).toMatchObject({ CONSOLE_TOKEN: TOKEN, HTTP_PORT: 3107 });
  });

  it('runs without a token in development (one is generated at boot)', () => {
    expect(parseEnv(envSchema, {}).CONSOLE_TOKEN).toBeUndefined();
  });

  it('refuses a short token and a viewer token equal to the operator token, without echoing them', () => {
    let err: unknown;
    try {
      parseEnv(envSchema, { CONSOLE_TOKEN: 'short-secret' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toMatch(/CONSOLE_TOKEN: .*at least 24 characters/);
    expect(String((err as Error).message)).not.toContain('short-secret');
    expect(() => parseEnv(envSchema, { CONSOLE_TOKEN: TOKEN, CONSOLE_VIEWER_TOKEN: TOKEN })).toThrow(
      /CONSOLE_VIEWER_TOKEN: must differ from CONSOLE_TOKEN/,
    );
  });
});
