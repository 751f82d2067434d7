import { InvalidPayloadError, TaskFailedError, TaskTimeoutError } from '@repowiki/runtime/client';
import { describe, expect, it } from 'vitest';
import { CliError, toCliError } from './cli.errors.js';
import { EXIT } from './exit-codes.js';

describe('toCliError', () => {
  it('maps what a task can end in to the documented exit codes', () => {
    expect(
      toCliError(new InvalidPayloadError('tasks.minimap.validate', 'warehouseId: must be a UUID')).exitCode,
    ).toBe(EXIT.usage);
    expect(toCliError(new TaskTimeoutError('t1', 100)).exitCode).toBe(EXIT.timeout);
    const failed = toCliError(new TaskFailedError('t1', 'FAILURE', { name: 'Error', message: 'boom' }));
    expect(failed.exitCode).toBe(EXIT.taskFailed);
    expect(failed.message).toBe('task failed: boom');
  });

  it('maps a refusal by NATS (permissions, credentials) to exit 6', () => {
    const pub = Object.assign(new Error('permission denied: this NATS user may not publish to tasks.x'), {
      name: 'PublishError',
      code: 403,
    });
    expect(toCliError(pub)).toMatchObject({
      exitCode: EXIT.forbidden,
      message: `not permitted: ${pub.message}`,
    });
    const api = new Error('request failed', {
      cause: Object.assign(new Error('Permissions Violation for Publish to "$JS.API.INFO"'), {
        name: 'PermissionViolationError',
      }),
    });
    expect(toCliError(api).exitCode).toBe(EXIT.forbidden);
  });

  it('says the database is not migrated instead of showing a SQL error', () => {
    const e = Object.assign(new Error('relation "task_runs" does not exist'), { code: '42P01' });
    expect(toCliError(e)).toMatchObject({
      exitCode: EXIT.unavailable,
      message: expect.stringMatching(/not migrated/),
    });
  });

  it('keeps CliErrors and reduces anything else to its first line', () => {
    const own = new CliError('no warehouse x', EXIT.notFound);
    expect(toCliError(own)).toBe(own);
    expect(toCliError(new Error('first\n    at somewhere')).message).toBe('internal error: first');
    expect(toCliError('weird').exitCode).toBe(EXIT.internal);
  });
});
