import { describe, expect, test } from 'vitest';
import { cleanMessage, MAX_LOGGED_MESSAGE_CHARS, serializeLogError } from './log-error-serializer.js';

describe('serializeLogError', () => {
  test('keeps type, code and names; drops values, counts parameters, follows causes', () => {
    const cause = Object.assign(
      new Error('null value in column "ip" of relation "t" violates not-null constraint'),
      {
        code: '23502',
        table_name: 't',
        detail: 'Failing row contains (198.51.100.4).',
      },
    );
    const err = Object.assign(new Error('Failed query: insert into t values ($1)\nparams: 198.51.100.4'), {
      query: 'insert into t values ($1)',
      params: ['198.51.100.4'],
      cause,
    });
    const out = serializeLogError(err) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toContain('198.51.100.4');
    expect(out).toMatchObject({
      type: 'Error',
      message: 'Failed query: insert into t values ($1)',
      parameterCount: 1,
      cause: { code: '23502', table_name: 't' },
    });
  });

  test('messages: quoted values after a colon are replaced, names stay, long ones are cut', () => {
    expect(cleanMessage('invalid input syntax for type inet: "198.51.100.4/99"')).toBe(
      'invalid input syntax for type inet: "[value]"',
    );
    expect(cleanMessage('relation "task_runs" does not exist')).toBe('relation "task_runs" does not exist');
    const long = cleanMessage('x'.repeat(50_000));
    expect(long.length).toBeLessThan(MAX_LOGGED_MESSAGE_CHARS + 30);
    expect(long).toContain('[50000 chars]');
  });

  test('non-errors pass through; plain objects (describeError) are cleaned too', () => {
    expect(serializeLogError(42)).toBe(42);
    expect(serializeLogError({ name: 'Error', message: 'Failed query: x\nparams: secret' })).toEqual({
      name: 'Error',
      message: 'Failed query: x',
    });
  });
});
