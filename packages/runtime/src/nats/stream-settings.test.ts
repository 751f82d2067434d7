import { DLQ_STREAM, EVENTS_STREAM, taskStream } from '@repowiki/contracts';
import { describe, expect, it } from 'vitest';
import { serviceEnvSchema } from '../service/env.schema.js';
import { ConfigError, parseEnv } from '../service/parse-env.js';
import { applyStreamSettings, streamSettingsFromEnv } from './stream-settings.js';
import { Topology } from './topology.js';

describe('stream settings (NATS_STREAM_*)', () => {
  it('leaves every stream as declared while unset', () => {
    expect(streamSettingsFromEnv({})).toEqual({});
    const streams = new Topology('', {}).streams();
    expect(streams.every((s) => s.replicas === undefined && s.maxBytes === undefined)).toBe(true);
  });

  it('sets replicas and storage on every stream, age and size only on EVENTS and DLQ', () => {
    const s = streamSettingsFromEnv({
      NATS_STREAM_REPLICAS: '3',
      NATS_STREAM_STORAGE: 'memory',
      NATS_EVENTS_MAX_AGE_MS: '3600000',
      NATS_DLQ_MAX_BYTES: '1073741824',
    });
    expect(applyStreamSettings(taskStream('warehouse'), s, 'task')).toMatchObject({
      replicas: 3,
      storage: 'memory',
      maxAgeMs: 0,
    });
    expect(applyStreamSettings(taskStream('warehouse'), s, 'task').maxBytes).toBeUndefined();
    expect(applyStreamSettings(EVENTS_STREAM, s, 'events')).toMatchObject({
      replicas: 3,
      maxAgeMs: 3_600_000,
    });
    expect(applyStreamSettings(DLQ_STREAM, s, 'dlq')).toMatchObject({
      maxAgeMs: DLQ_STREAM.maxAgeMs,
      maxBytes: 1_073_741_824,
    });
    const named = new Topology('st', s).streams();
    expect(named.map((d) => [d.name, d.replicas])).toContainEqual(['ST_DLQ', 3]);
  });

  it('reads the process environment by default', () => {
    const before = process.env.NATS_STREAM_REPLICAS;
    process.env.NATS_STREAM_REPLICAS = '5';
    try {
      expect(new Topology().streams().every((s) => s.replicas === 5)).toBe(true);
    } finally {
      if (before === undefined) delete process.env.NATS_STREAM_REPLICAS;
      else process.env.NATS_STREAM_REPLICAS = before;
    }
  });

  it.each([
    ['NATS_STREAM_REPLICAS', '0', 'expected 1 to 5'],
    ['NATS_STREAM_REPLICAS', 'three', 'expected 1 to 5'],
    ['NATS_STREAM_REPLICAS', '7', 'expected 1 to 5'],
    ['NATS_STREAM_STORAGE', 'disk', 'expected file or memory'],
    ['NATS_EVENTS_MAX_AGE_MS', '7d', 'expected a positive number of milliseconds'],
    ['NATS_DLQ_MAX_BYTES', '-1', 'expected a positive number of bytes'],
  ])('refuses %s=%s at start-up, naming it', (name, value, message) => {
    const schema = serviceEnvSchema({ httpPort: 3000 });
    let error: unknown;
    try {
      parseEnv(schema, { [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables).toEqual([name]);
    expect((error as Error).message).toContain(`${name}: ${message}`);
    expect(() => streamSettingsFromEnv({ [name]: value })).toThrow(`${name}: ${message}`);
  });
});
