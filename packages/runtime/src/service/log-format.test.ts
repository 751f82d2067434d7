import { describe, expect, it } from 'vitest';
import { serviceEnvSchema } from './env.schema.js';
import { resolveLogFormat } from './log-format.js';
import { ConfigError, parseEnv } from './parse-env.js';
import { createRootLogger } from './root-logger.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what is tested
const ANSI = /\u001b\[\d+m/;

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (s: string) => void lines.push(s) } };
}

describe('resolveLogFormat', () => {
  it('auto is pretty on a terminal and JSON on a pipe or file', () => {
    expect(resolveLogFormat('auto', { production: false, isTTY: true })).toBe('pretty');
    expect(resolveLogFormat('auto', { production: false, isTTY: false })).toBe('json');
  });

  it('an explicit choice wins outside production', () => {
    expect(resolveLogFormat('pretty', { production: false, isTTY: false })).toBe('pretty');
    expect(resolveLogFormat('json', { production: false, isTTY: true })).toBe('json');
  });

  it('production is always JSON, even on a terminal', () => {
    expect(resolveLogFormat('auto', { production: true, isTTY: true })).toBe('json');
  });
});

describe('pretty log lines', () => {
  it('one line per event with time, level, service, task, run id and message; fields inline', () => {
    const { lines, destination } = capture();
    const root = createRootLogger({
      service: 'stats-svc',
      version: '1.0.0',
      level: 'info',
      format: 'pretty',
      destination,
    });
    root
      .child({ task: 'tasks.statistics.daily', taskId: '1f3a9c2e-0000-4000-8000-000000000000', attempt: 2 })
      .warn({ durationMs: 12 }, 'task failed, retrying');
    root.info('service started');
    expect(lines).toHaveLength(2);
    const plain = lines.map((l) => l.replace(new RegExp(ANSI.source, 'g'), ''));
    expect(plain[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: stats-svc tasks\.statistics\.daily 1f3a9c2e #2 task failed, retrying \{"durationMs":12\}\n$/,
    );
    expect(plain[1]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: stats-svc service started\n$/);
    expect(lines[0]).toMatch(ANSI);
  });

  it('keeps secrets out as the JSON lines do', () => {
    const { lines, destination } = capture();
    createRootLogger({ service: 's', version: '1', level: 'info', format: 'pretty', destination }).info(
      { DATABASE_URL: 'postgres://u:hunter2@db/x' },
      'config',
    );
    expect(lines.join('')).not.toContain('hunter2');
  });

  it('NO_COLOR turns the colours off', () => {
    const { lines, destination } = capture();
    process.env.NO_COLOR = '1';
    try {
      createRootLogger({ service: 's', version: '1', level: 'info', format: 'pretty', destination }).info(
        'x',
      );
    } finally {
      delete process.env.NO_COLOR;
    }
    expect(lines[0]).not.toMatch(ANSI);
  });

  it('JSON is the default format', () => {
    const { lines, destination } = capture();
    createRootLogger({ service: 's', version: '1', level: 'info', destination }).info('x');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ svc: 's', level: 'info', msg: 'x' });
  });
});

describe('LOG_FORMAT in the env schema', () => {
  const schema = serviceEnvSchema({ httpPort: 3199 });
  const error = (env: Record<string, string>) => {
    try {
      parseEnv(schema, env);
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
    }
    throw new Error('expected a ConfigError');
  };

  it('defaults to auto and accepts json and pretty', () => {
    expect(parseEnv(schema, {}).LOG_FORMAT).toBe('auto');
    expect(parseEnv(schema, { LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
  });

  it('refuses another value, naming the variable', () => {
    expect(error({ LOG_FORMAT: 'colour' })).toBe(
      'invalid configuration: LOG_FORMAT: expected one of auto, json, pretty, got "colour"',
    );
  });

  it('refuses pretty in production', () => {
    expect(
      error({ LOG_FORMAT: 'pretty', NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' }),
    ).toContain('LOG_FORMAT: production logs are JSON lines (json or auto)');
  });
});
