import type {
  DlqCode,
  DomainEvent,
  DomainEventSubject,
  Queue,
  QueueSubject,
  TaskInput,
  TaskPayload,
  TaskProgress,
  TaskResult,
  TaskSubject,
  Tasks,
} from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import type { TransactionSql } from 'postgres';

export interface SubmitOptions {
  /** Becomes `Nats-Msg-Id` and the ledger key. @default a random UUID */
  taskId?: string;
  /** Per-user concurrency (`TASK_MAX_SIZE_PER_USER`) is counted on this. */
  userId?: string;
  /** Start no earlier than this many ms from now. */
  countdownMs?: number;
  /** Start no earlier than this time. */
  eta?: Date;
  /** Celery's `expires`: not started by this time (a retry included), it ends REVOKED unrun. */
  expires?: Date;
  correlationId?: string;
  parentId?: string;
}

/** What a handler (and anything else) uses to submit tasks. */
export interface TaskSubmitter {
  submit<S extends TaskSubject>(subject: S, payload: TaskInput<S>, options?: SubmitOptions): Promise<string>;
}

export interface TaskInfo {
  readonly id: string;
  readonly subject: TaskSubject;
  readonly queue: Queue;
  /** Task name, e.g. `process`. */
  readonly name: string;
  /** 1 on the first attempt. */
  readonly attempt: number;
  readonly userId: string | null;
  readonly correlationId: string | null;
  readonly submittedAt: Date;
}

/**
 * The bag every handler receives. Handlers never import singleton clients. Its methods are
 * the context's own (not bound functions): call them on it, `ctx.progress(p)`.
 */
export interface TaskContext {
  readonly task: TaskInfo;
  /** Aborted at the soft time limit, on revoke, and when shutdown's grace period ends. */
  readonly signal: AbortSignal;
  /** Child logger bound to `{ svc, task, taskId, attempt }`. */
  readonly logger: Logger;
  readonly db: DbClient;
  /** Submit follow-up tasks (parent and correlation ids are filled in). */
  readonly tasks: TaskSubmitter;
  /** Lands in the ledger and on `events.<queue>.<task>.progress`; throttled, never throws. */
  progress(progress: TaskProgress): void;
  /** Heartbeat: tells JetStream the task is alive (called automatically while running). */
  working(): void;
  /** Publish a domain event (e.g. `events.warehouse.completed`). */
  publishEvent<E extends DomainEventSubject>(subject: E, event: DomainEvent<E>): Promise<void>;
  /**
   * Effects exactly once: runs `work` in one PostgreSQL transaction that also writes this
   * attempt's SUCCESS row (with `work`'s result, checked against the task's result schema),
   * so the writes made through `tx` and SUCCESS commit together or not at all. A crash before
   * the commit leaves neither (the redelivery runs the task again); after it, the redelivery
   * finds SUCCESS and only acks. Throws `StaleAttemptError` (all rolled back) when the attempt
   * no longer owns its ledger row (taken over, revoked, hard limit passed). Call it at most
   * once, last, and return its value: the attempt is SUCCESS from its commit on, whatever
   * the handler does afterwards.
   */
  complete<R>(work: (tx: TransactionSql) => Promise<R>): Promise<R>;
}

export type TaskHandler<S extends TaskSubject> = (
  payload: TaskPayload<S>,
  ctx: TaskContext,
) => Promise<TaskResult<S>>;

export interface BatchItem<S extends TaskSubject> {
  readonly taskId: string;
  readonly payload: TaskPayload<S>;
  readonly userId: string | null;
}

/** One part of a batch item (an entry of a batched message) that the handler refuses. */
export interface DeadLetterPart {
  /** Position of the part in its message (stable across redeliveries: the DLQ msg id uses it). */
  readonly index: number;
  /** Why it was refused; becomes the DLQ entry's `Dlq-Reason`. */
  readonly reason: string;
  /** The part's own bytes (the DLQ entry's body). */
  readonly data: string;
  /** @default 'invalid_payload' */
  readonly code?: DlqCode;
}

export interface BatchContext {
  readonly subject: TaskSubject;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly db: DbClient;
  /**
   * Effects exactly once, for the whole call: runs `work` in one PostgreSQL transaction that
   * also writes SUCCESS for every item, so the writes made through `tx` and the items'
   * SUCCESS commit together or not at all (see TaskContext.complete). Throws
   * `StaleAttemptError` (all rolled back) when any item no longer owns its ledger row; the
   * call then retries like any failed call. Call it at most once, last.
   */
  complete(work: (tx: TransactionSql) => Promise<void>): Promise<void>;
  /**
   * Dead-letters one part of an item (a bad entry of a batched message) while the rest of the
   * item is stored: the part goes to the DLQ once, with `reason`, after the call's commit and
   * before the item is acked (a redelivery re-sends it under the same DLQ msg id, which the
   * DLQ drops as a duplicate). Parts of a call that fails are forgotten (the retry finds them again).
   */
  deadLetter(taskId: string, part: DeadLetterPart): void;
}

/**
 * Handles up to `batch.maxSize` valid messages in one call. Every message of the batch is
 * acked only after this resolves (commit inside it); if it throws, the whole batch is
 * retried with backoff. Invalid messages never reach it: they are dead-lettered alone.
 */
export type BatchTaskHandler<S extends TaskSubject> = (
  items: readonly BatchItem<S>[],
  ctx: BatchContext,
) => Promise<void>;

export type HandlerFor<S extends TaskSubject> = Tasks[S] extends { batch: object }
  ? BatchTaskHandler<S>
  : TaskHandler<S>;

/**
 * A service's handler map over its queue's slice of the catalog: a task of the queue
 * without a handler is a compile error.
 */
export type QueueHandlers<Q extends Queue> = { readonly [S in QueueSubject<Q>]: HandlerFor<S> };

export function defineHandlers<Q extends Queue>(_queue: Q, handlers: QueueHandlers<Q>): QueueHandlers<Q> {
  return handlers;
}
