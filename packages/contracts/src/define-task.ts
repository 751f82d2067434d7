import type { z } from 'zod';
import type { Queue } from './queues.js';

/** How a failed attempt is retried. Times in milliseconds. */
export interface RetryPolicy {
  /** Retries after the first attempt. @default 3 */
  readonly maxRetries: number;
  /** First backoff; doubles each retry. @default 60_000 (60 s) */
  readonly backoffMs: number;
  /** Cap of the exponential backoff. @default 600_000 (10 min) */
  readonly backoffMaxMs: number;
}

export interface TimeLimits {
  /** The handler's AbortSignal fires. @default 1_500_000 (25 min) */
  readonly softMs: number;
  /** The attempt ends as FAILURE even if the handler ignores the signal. @default 1_800_000 (30 min) */
  readonly hardMs: number;
}

/** Batch handlers receive up to `maxSize` messages or whatever arrived within `maxWaitMs`. */
export interface BatchPolicy {
  readonly maxSize: number;
  readonly maxWaitMs: number;
}

export interface TaskDefinition<
  Q extends Queue = Queue,
  N extends string = string,
  P extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  readonly queue: Q;
  readonly name: N;
  readonly subject: `tasks.${Q}.${N}`;
  readonly description: string;
  readonly payload: P;
  readonly result: R;
  readonly retry: RetryPolicy;
  readonly timeLimits: TimeLimits;
  /**
   * `thread`: the handler runs in a worker thread that is terminated at the hard
   * limit (CPU-bound work). `inline`: on the event loop (I/O-bound work).
   */
  readonly isolation: 'inline' | 'thread';
  /** Present for tasks consumed in batches (access logs). */
  readonly batch?: BatchPolicy;
  /**
   * Whether the ledger (`task_runs.payload`) keeps a copy of the payload once a worker took
   * the task. `false` for payloads that hold personal data (access logs: client addresses),
   * which then live only in their own table with its own retention. @default true
   */
  readonly storePayload: boolean;
  /**
   * Whether each message gets a `task_runs` row (PENDING, claim, final state). `false`, for
   * batch tasks only, runs it without one: JetStream's delivery is the only record, the
   * handler's commit is followed by the ack, and the handler's own unique key makes a
   * redelivered message store nothing twice. There is then no `status`/`result`/revoke per
   * message, attempts are JetStream's delivery count, and bad input goes to the DLQ only.
   * For streams whose volume makes a ledger row per message the main cost (access logs).
   * @default true
   */
  readonly ledger: boolean;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, backoffMs: 60_000, backoffMaxMs: 600_000 };
export const DEFAULT_TIME_LIMITS: TimeLimits = { softMs: 1_500_000, hardMs: 1_800_000 };

interface TaskInput<Q extends Queue, N extends string, P extends z.ZodType, R extends z.ZodType> {
  queue: Q;
  name: N;
  description: string;
  payload: P;
  result: R;
  retry?: Partial<RetryPolicy>;
  timeLimits?: Partial<TimeLimits>;
  isolation?: 'inline' | 'thread';
  batch?: BatchPolicy;
  storePayload?: boolean;
  ledger?: boolean;
}

/**
 * Builds a catalog entry with the defaults of SPEC §3 filled in. A batch task keeps
 * `batch` as a required member of its type, so the runtime's `HandlerFor` can tell that
 * it takes a `BatchTaskHandler`.
 */
export function defineTask<Q extends Queue, N extends string, P extends z.ZodType, R extends z.ZodType>(
  input: TaskInput<Q, N, P, R> & { batch: BatchPolicy },
): TaskDefinition<Q, N, P, R> & { readonly batch: BatchPolicy };
export function defineTask<Q extends Queue, N extends string, P extends z.ZodType, R extends z.ZodType>(
  input: TaskInput<Q, N, P, R>,
): TaskDefinition<Q, N, P, R>;
export function defineTask<Q extends Queue, N extends string, P extends z.ZodType, R extends z.ZodType>(
  input: TaskInput<Q, N, P, R>,
): TaskDefinition<Q, N, P, R> {
  if (input.ledger === false && !input.batch) {
    throw new Error(`tasks.${input.queue}.${input.name}: ledger: false is only for batch tasks`);
  }
  return {
    queue: input.queue,
    name: input.name,
    subject: `tasks.${input.queue}.${input.name}`,
    description: input.description,
    payload: input.payload,
    result: input.result,
    retry: { ...DEFAULT_RETRY, ...input.retry },
    timeLimits: { ...DEFAULT_TIME_LIMITS, ...input.timeLimits },
    isolation: input.isolation ?? 'inline',
    storePayload: input.storePayload ?? true,
    ledger: input.ledger ?? true,
    ...(input.batch ? { batch: input.batch } : {}),
  };
}
