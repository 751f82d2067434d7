import { parseEnv } from '@repowiki/runtime';
import { describe, expect, it } from 'vitest';
import { envSchema } from './env.js';

describe('scheduler-svc env', () => {
  it('runs the built-in schedule unless SCHEDULE_FILE is set', () => {
    expect(parseEnv(envSchema, {}).SCHEDULE_FILE).toBeUndefined();
    expect(parseEnv(envSchema, { SCHEDULE_FILE: '/etc/repowiki/schedule.json' }).SCHEDULE_FILE).toBe(
      '/etc/repowiki/schedule.json',
    );
  });

  it('listens on its own port', () => {
    expect(parseEnv(envSchema, {}).HTTP_PORT).toBe(3106);
  });
});
