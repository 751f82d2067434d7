import type { DlqCode, TaskDefinition, TaskError } from '@repowiki/contracts';
import { NonRetriableError, RetryAfterError, TaskAbortedError, toError } from '../errors.js';
import { retryDelayMs } from './backoff.js';
import { isInfrastructureError } from './infrastructure-error.js';

/**
 * After an outage (database or NATS unreachable), the delivery runs again this much later.
 * Not counted, not backed off: the claim's release waits until the database answers, which
 * paces a long ledger outage by itself. @default 500 ms
 */
export const OUTAGE_RETRY_MS = 500;

/** What an attempt came to, as the runner saw it. */
export type Outcome =
  | { kind: 'success'; value: unknown }
  | { kind: 'error'; error: unknown }
  /** The hard time limit passed before the handler returned. */
  | { kind: 'hard_limit'; hardMs: number }
  /** The worker is stopping and the handler did not finish within the grace period. */
  | { kind: 'shutdown' }
  /** The claim found that every allowed attempt died with its worker (never ran here). */
  | { kind: 'crashed' }
  /** The claim found a revoke requested (never ran here). */
  | { kind: 'revoked' };

/** Facts about the attempt that the outcome alone does not carry. */
export interface AttemptFacts {
  /** 1-based attempt number (the claim counted it). */
  attempt: number;
  /** A revoke was requested while the attempt ran (its signal was aborted). */
  revokeRequested: boolean;
  /** Now, in epoch ms (decide is pure: the caller reads the clock). */
  nowMs: number;
  /**
   * A uniform draw in [0, 1) for the retry backoff's full jitter (decide is pure: the caller
   * draws it, `Math.random()` in the worker).
   */
  random: number;
  /** The database was seen unreachable while the attempt ran. @default false */
  outageDuringAttempt?: boolean;
}

/** What settling must do: the ledger write and the JetStream action follow from it. */
export type Disposition =
  /** SUCCESS, ack. */
  | { kind: 'ack'; value: unknown }
  /** RETRY, the delivery waits until `atMs`. */
  | { kind: 'retry'; atMs: number; error: TaskError }
  /** FAILURE, one DLQ entry, terminate. */
  | { kind: 'fail'; error: TaskError; code: DlqCode }
  /** REVOKED, terminate. */
  | { kind: 'revoke'; error: TaskError }
  /** Not the task's fault (shutdown): the claim is released uncounted, the message put back. */
  | { kind: 'requeue' }
  /**
   * Not the task's fault (infrastructure unreachable): the claim is released uncounted,
   * retried until the database answers, and the delivery runs again at `atMs`.
   */
  | { kind: 'outage'; atMs: number; error: TaskError };

export function describeError(e: unknown, code?: string): TaskError {
  const err = toError(e);
  const c = code ?? (err as { code?: unknown }).code;
  return { name: err.name, message: err.message, ...(typeof c === 'string' ? { code: c } : {}) };
}

const REVOKED_WHILE_RUNNING: TaskError = {
  name: 'TaskRevokedError',
  message: 'revoked while running',
  code: 'revoked',
};
const REVOKED_BEFORE_START: TaskError = {
  name: 'TaskRevokedError',
  message: 'revoked before it started',
  code: 'revoked',
};

/**
 * The one place an outcome gets its meaning. Pure: no I/O, no clock.
 * - A handler that returned is SUCCESS even if a revoke arrived meanwhile (`status` never
 *   says REVOKED for a handler that went on to finish); its result must match the schema.
 * - A revoked attempt that ended any other way (aborted, threw, hit its hard limit) is REVOKED.
 * - A hard limit that passed while the database was unreachable is an outage (uncounted).
 * - NonRetriableError fails at once; an infrastructure error (database or NATS unreachable)
 *   gives the attempt back uncounted and runs it again soon; RetryAfterError and other errors retry (after its delay,
 *   or the backoff with full jitter) while `attempt <= maxRetries`, then fail `retries_exhausted`.
 */
export function decide(
  outcome: Outcome,
  task: Pick<TaskDefinition, 'retry' | 'result' | 'batch'>,
  facts: AttemptFacts,
): Disposition {
  switch (outcome.kind) {
    case 'success': {
      // A batch call returns nothing per item: its items have no result to check.
      if (task.batch) return { kind: 'ack', value: null };
      const parsed = task.result.safeParse(outcome.value);
      if (parsed.success) return { kind: 'ack', value: parsed.data ?? null };
      const error = new NonRetriableError(
        `handler returned an invalid result: ${parsed.error.issues[0]?.message}`,
        { code: 'invalid_result' },
      );
      return { kind: 'fail', error: describeError(error), code: 'non_retriable' };
    }
    case 'error': {
      if (facts.revokeRequested) return { kind: 'revoke', error: REVOKED_WHILE_RUNNING };
      const e = outcome.error;
      const error = describeError(e);
      if (e instanceof TaskAbortedError) error.code = e.reason;
      if (e instanceof NonRetriableError) return { kind: 'fail', error, code: 'non_retriable' };
      // An outage is not the task's failure: it never uses up a retry nor dead-letters.
      if (isInfrastructureError(e)) return { kind: 'outage', atMs: facts.nowMs + OUTAGE_RETRY_MS, error };
      if (facts.attempt > task.retry.maxRetries) return { kind: 'fail', error, code: 'retries_exhausted' };
      const delayMs =
        e instanceof RetryAfterError
          ? Math.max(0, e.delayMs)
          : retryDelayMs(task.retry, facts.attempt, facts.random);
      return { kind: 'retry', atMs: facts.nowMs + delayMs, error };
    }
    case 'hard_limit':
      if (facts.revokeRequested) return { kind: 'revoke', error: REVOKED_WHILE_RUNNING };
      // The handler waited on a database that did not answer: the time was the outage's.
      if (facts.outageDuringAttempt)
        return {
          kind: 'outage',
          atMs: facts.nowMs + OUTAGE_RETRY_MS,
          error: {
            name: 'TimeLimitExceeded',
            message: `hard time limit of ${outcome.hardMs} ms passed while the database was unreachable`,
            code: 'time_limit',
          },
        };
      return {
        kind: 'fail',
        error: {
          name: 'TimeLimitExceeded',
          message: `hard time limit of ${outcome.hardMs} ms exceeded`,
          code: 'time_limit',
        },
        code: 'time_limit',
      };
    case 'shutdown':
      return { kind: 'requeue' };
    case 'crashed':
      return {
        kind: 'fail',
        error: {
          name: 'WorkerCrashedError',
          message: `its worker died during each of its ${facts.attempt} attempt(s)`,
          code: 'worker_crashed',
        },
        code: 'worker_crashed',
      };
    case 'revoked':
      return { kind: 'revoke', error: REVOKED_BEFORE_START };
    default:
      return assertNever(outcome);
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled outcome ${JSON.stringify(x)}`);
}
