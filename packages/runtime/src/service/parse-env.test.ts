import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEV_DATABASE_URL, serviceEnvSchema } from './env.schema.js';
import { ConfigError, parseEnv } from './parse-env.js';

const schema = serviceEnvSchema({ httpPort: 3199 }, { EXTRA_DAYS: z.string().default('7') });

function configError(env: Record<string, string>): ConfigError {
  try {
    parseEnv(schema, env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parseEnv with the base service schema', () => {
  it('applies the documented defaults to an empty environment', () => {
    const env = parseEnv(schema, {});
    expect(env).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: DEV_DATABASE_URL,
      HTTP_PORT: 3199,
      LOG_LEVEL: 'info',
      TASK_MAX_SIZE_PER_USER: 5,
      TASK_SOFT_TIME_LIMIT: 1500,
      TASK_TIME_LIMIT: 1800,
      TASK_ACK_WAIT_MS: 6_000,
      NATS_NAMESPACE: '',
      EXTRA_DAYS: '7',
    });
  });

  it('converts set values to numbers and treats empty strings as unset', () => {
    const env = parseEnv(schema, { TASK_MAX_SIZE_PER_USER: '12', HTTP_PORT: '', WORKER_CONCURRENCY: ' 8 ' });
    expect(env.TASK_MAX_SIZE_PER_USER).toBe(12);
    expect(env.HTTP_PORT).toBe(3199);
    expect(env.WORKER_CONCURRENCY).toBe(8);
    expect(parseEnv(schema, { TASK_ACK_WAIT_MS: '9000' }).TASK_ACK_WAIT_MS).toBe(9_000);
  });

  it('names the variable and echoes the bad value in one line', () => {
    const e = configError({ TASK_MAX_SIZE_PER_USER: 'abc' });
    expect(e.message).toBe(
      'invalid configuration: TASK_MAX_SIZE_PER_USER: expected a positive integer, got "abc"',
    );
    expect(e.variables).toEqual(['TASK_MAX_SIZE_PER_USER']);
    expect(e.message).not.toContain('\n');
  });

  it.each([
    ['HTTP_PORT', '70000', 'expected a TCP port'],
    ['NATS_URL', 'localhost', 'expected nats://host:port'],
    ['LOG_LEVEL', 'loud', 'expected one of fatal, error'],
    ['TASK_TIME_LIMIT', '0', 'expected a positive integer'],
    ['NATS_NAMESPACE', 'a.b', 'expected letters'],
  ])('rejects %s=%s', (name, value, message) => {
    const e = configError({ [name]: value });
    expect(e.variables).toEqual([name]);
    expect(e.message).toContain(`${name}: ${message}`);
  });

  it('never echoes a database URL, which may hold a password', () => {
    const e = configError({ DATABASE_URL: 'mysql://u:hunter2@db/x' });
    expect(e.message).toContain('DATABASE_URL: expected a URL starting with postgres:// or postgresql://');
    expect(e.message).not.toContain('hunter2');
  });

  it('requires DATABASE_URL in production only', () => {
    expect(configError({ NODE_ENV: 'production' }).message).toContain(
      'DATABASE_URL: required when NODE_ENV=production, it is unset',
    );
    expect(parseEnv(schema, { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' }).DATABASE_URL).toBe(
      'postgres://db/x',
    );
  });

  it('refuses a soft time limit above the hard one', () => {
    const e = configError({ TASK_SOFT_TIME_LIMIT: '100', TASK_TIME_LIMIT: '50' });
    expect(e.message).toContain('TASK_SOFT_TIME_LIMIT: must not exceed TASK_TIME_LIMIT (50 s)');
  });

  it('lists every bad variable in the same line', () => {
    const e = configError({ HTTP_PORT: 'x', WORKER_CONCURRENCY: '-1' });
    expect(e.variables).toEqual(['HTTP_PORT', 'WORKER_CONCURRENCY']);
  });
});
