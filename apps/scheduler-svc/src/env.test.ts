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

  it('stops at boot on a bad SCHEDULE_JSON, naming the entry', () => {
    expect(() =>
      parseEnv(envSchema, { SCHEDULE_JSON: '{"entries":{"nightly":{"task":"nope","cron":"0 3 * * *"}}}' }),
    ).toThrow(/SCHEDULE_JSON.*unknown task "nope"/s);
    expect(
      parseEnv(envSchema, { SCHEDULE_JSON: '{"entries":{"generate-minimaps":{"enabled":false}}}' })
        .SCHEDULE_JSON,
    ).toContain('generate-minimaps');
  });
});
