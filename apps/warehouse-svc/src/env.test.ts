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
      ALLOWED_GIT_SCHEMES: ['https', 'ssh'],
      ALLOWED_PRIVATE_GIT_HOSTS: [],
      MAX_CLONE_BYTES: 2 * 1024 ** 3,
      MAX_FILE_BYTES: 1024 ** 2,
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
      ALLOWED_GIT_SCHEMES: 'HTTPS, git',
      ALLOWED_PRIVATE_GIT_HOSTS: 'git.corp.example, 10.20.0.0/16, fd00::/8',
      MAX_CLONE_BYTES: '1048576',
    });
    expect(env).toMatchObject({
      ENABLE_WAREHOUSE_COMMIT: false,
      ALLOW_LOCAL_REPOS: true,
      ALLOWED_GIT_HOSTS: ['github.com', 'gitlab.com'],
      UPDATE_INTERVAL: 14,
      REPOSITORIES_DIR: '/srv/repos',
      ALLOWED_GIT_SCHEMES: ['https', 'git'],
      ALLOWED_PRIVATE_GIT_HOSTS: ['git.corp.example', '10.20.0.0/16', 'fd00::/8'],
      MAX_CLONE_BYTES: 1_048_576,
    });
  });

  it.each([
    ['UPDATE_INTERVAL', 'weekly'],
    ['ENABLE_WAREHOUSE_COMMIT', 'maybe'],
    ['LLM_BASE_URL', 'ftp://llm'],
    ['ALLOWED_GIT_SCHEMES', 'https,file'],
    ['ALLOWED_GIT_SCHEMES', 'ext'],
    ['ALLOWED_PRIVATE_GIT_HOSTS', '10.0.0.0/33'],
    ['ALLOWED_PRIVATE_GIT_HOSTS', 'git.corp.example, $(id)'],
    ['MAX_CLONE_BYTES', '2GiB'],
    ['MAX_FILE_BYTES', '0'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => parseEnv(envSchema, { [name]: value })).toThrow(ConfigError);
    expect(() => parseEnv(envSchema, { [name]: value })).toThrow(`invalid configuration: ${name}: `);
  });
});
