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

/**
 * Why a readiness check failed, as `/readyz` shows it (`failed: <code>`). The endpoint is
 * unauthenticated, so it never carries an error's own text (hosts, database names, users);
 * the details are logged instead.
 * - `timeout`: no answer within the check's time limit;
 * - `closed`: the NATS connection is closed or draining;
 * - `unreachable`: PostgreSQL or NATS refused, reset or dropped the connection;
 * - `consumer_missing`: the worker's durable consumer is gone and being recreated;
 * - `error`: anything else.
 */
export type ReadinessCode = 'timeout' | 'closed' | 'unreachable' | 'consumer_missing' | 'error';

/** Thrown by a probe to say why it is not ready; its message goes to the log only. */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
  readonly code: ReadinessCode;
  constructor(code: ReadinessCode, message: string) {
    super(message);
    this.code = code;
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
