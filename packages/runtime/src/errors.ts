/**
 * Errors that steer a task. Retry policy is an error type; it is mapped to JetStream in
 * one place (the worker's settle step): non-retriable → `term` + DLQ; retry-after →
 * `nak(delay)`; anything else → exponential backoff until `maxRetries`.
 */

/** The task failed and must not be retried (bad data, a missing row, a refused URL). */
export class NonRetriableError extends Error {
  override readonly name = 'NonRetriableError';
  readonly code: string;
  constructor(message: string, options: { cause?: unknown; code?: string } = {}) {
    super(message, { cause: options.cause });
    this.code = options.code ?? 'non_retriable';
  }
}

/** Retry after `delayMs` (rate limits, a busy resource); still counts as an attempt. */
export class RetryAfterError extends Error {
  override readonly name = 'RetryAfterError';
  readonly delayMs: number;
  constructor(delayMs: number, message = `retry after ${delayMs} ms`, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.delayMs = delayMs;
  }
}

/** Thrown into a handler's flow when the soft time limit or a revoke aborts its signal. */
export class TaskAbortedError extends Error {
  override readonly name = 'TaskAbortedError';
  readonly reason: 'soft_time_limit' | 'hard_time_limit' | 'revoked' | 'shutdown';
  constructor(reason: TaskAbortedError['reason'], message = `task aborted: ${reason}`) {
    super(message);
    this.reason = reason;
  }
}

/** `result()` rejects with this when the task ended in FAILURE or REVOKED. */
export class TaskFailedError extends Error {
  override readonly name = 'TaskFailedError';
  readonly taskId: string;
  readonly state: 'FAILURE' | 'REVOKED';
  readonly errorName: string;
  readonly code: string | undefined;
  constructor(
    taskId: string,
    state: 'FAILURE' | 'REVOKED',
    error: { name: string; message: string; code?: string },
  ) {
    super(error.message);
    this.taskId = taskId;
    this.state = state;
    this.errorName = error.name;
    this.code = error.code;
  }
}

/** `submit()` with a payload that fails its schema: nothing was published. */
export class InvalidPayloadError extends Error {
  override readonly name = 'InvalidPayloadError';
  readonly subject: string;
  constructor(subject: string, reason: string) {
    super(`invalid payload for ${subject}: ${reason}`);
    this.subject = subject;
  }
}

export class TaskTimeoutError extends Error {
  override readonly name = 'TaskTimeoutError';
  constructor(taskId: string, timeoutMs: number) {
    super(`task ${taskId} did not finish within ${timeoutMs} ms`);
  }
}

/** Coerces anything thrown into an Error (the one place `catch (e: unknown)` goes through). */
export function toError(e: unknown): Error {
  if (e instanceof Error) return e;
  if (typeof e === 'string') return new Error(e);
  try {
    return new Error(JSON.stringify(e));
  } catch {
    return new Error(String(e));
  }
}
