import { isAbsolute } from 'node:path';
import { ConfigError, parseEnv } from '@repowiki/runtime';
import { describe, expect, it } from 'vitest';
import { envSchema } from './env.js';

describe('warehouse-svc env', () => {
  it('defaults to the SPEC values', () => {
    const env = parseEnv(envSchema, {});
    expect(env).toMatchObject({
      HTTP_PORT: 3101,
      UPDATE_INTERVAL: 7,
      ENABLE_WAREHOUSE_COMMIT: true,
      ALLOW_LOCAL_REPOS: false,
      ALLOWED_GIT_HOSTS: [],
    });
    expect(isAbsolute(env.REPOSITORIES_DIR)).toBe(true);
  });

  it('reads flags, lists and numbers as an operator writes them', () => {
    const env = parseEnv(envSchema, {
      ENABLE_WAREHOUSE_COMMIT: 'no',
      ALLOW_LOCAL_REPOS: 'TRUE',
      ALLOWED_GIT_HOSTS: 'github.com, gitlab.com',
      UPDATE_INTERVAL: '14',
      REPOSITORIES_DIR: '/srv/repos',
    });
    expect(env).toMatchObject({
      ENABLE_WAREHOUSE_COMMIT: false,
      ALLOW_LOCAL_REPOS: true,
      ALLOWED_GIT_HOSTS: ['github.com', 'gitlab.com'],
      UPDATE_INTERVAL: 14,
      REPOSITORIES_DIR: '/srv/repos',
    });
  });

  it.each([
    ['UPDATE_INTERVAL', 'weekly'],
    ['ENABLE_WAREHOUSE_COMMIT', 'maybe'],
    ['LLM_BASE_URL', 'ftp://llm'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => parseEnv(envSchema, { [name]: value })).toThrow(ConfigError);
    expect(() => parseEnv(envSchema, { [name]: value })).toThrow(`invalid configuration: ${name}: `);
  });
});
