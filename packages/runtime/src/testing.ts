/**
 * `@repowiki/runtime/testing`: contexts for calling handlers as plain functions in the apps'
 * integration tests (real database; submissions recorded).
 */
import { getTask, type TaskProgress, type TaskSubject } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import pino, { type Logger } from 'pino';
import type { TransactionSql } from 'postgres';
import type { BatchContext, DeadLetterPart, SubmitOptions, TaskContext, TaskInfo } from './context.js';
import { AttemptContext, type AttemptPort } from './worker/attempt-context.js';

export interface SubmittedTask {
  subject: TaskSubject;
  payload: unknown;
  options: SubmitOptions | undefined;
  /** What `submit` returned: `options.taskId`, else `submitted-<n>`. */
  taskId: string;
}

export interface TestContextOptions {
  /** The handler's signal. @default a fresh AbortController's (the context's `abort`) */
  signal?: AbortSignal;
  /** @default silent */
  logger?: Logger;
  /** Also called with each event the handler publishes (subject, JSON text). */
  publish?: (subject: string, data: string) => void;
}

/** What a handler did through its test context. */
export interface TestContextRecord {
  submitted: SubmittedTask[];
  events: { subject: string; event: unknown }[];
  /** Each `ctx.progress(p)` call's `p`. */
  reported: TaskProgress[];
  abort: AbortController;
}

/**
 * The attempt behind a test context: the fixture's DbClient, a silent logger and an
 * AbortController the test may abort; submissions, events and progress are recorded
 * instead of published.
 */
class TestAttempt implements AttemptPort, TestContextRecord {
  readonly info: TaskInfo;
  readonly submitted: SubmittedTask[] = [];
  readonly events: { subject: string; event: unknown }[] = [];
  readonly reported: TaskProgress[] = [];
  readonly abort = new AbortController();
  readonly #logger: Logger;

  constructor(
    readonly db: DbClient,
    subject: TaskSubject,
    private readonly options: TestContextOptions,
  ) {
    this.#logger = options.logger ?? pino({ level: 'silent' });
    const task = getTask(subject);
    this.info = {
      id: `test-${Math.random().toString(36).slice(2)}`,
      subject,
      queue: task.queue,
      name: task.name,
      attempt: 1,
      userId: null,
      correlationId: null,
      submittedAt: new Date(),
    };
  }

  signal(): AbortSignal {
    return this.options.signal ?? this.abort.signal;
  }

  log(): Logger {
    return this.#logger;
  }

  reportProgress(p: TaskProgress): void {
    this.reported.push(p);
  }

  working(): void {}

  publishEvent(subject: string, body: string): void {
    this.events.push({ subject, event: JSON.parse(body) });
    this.options.publish?.(subject, body);
  }

  // No ledger row here: the writes still commit in one transaction, as in the worker.
  complete<R>(work: (tx: TransactionSql) => Promise<R>): Promise<R> {
    return this.db.sql.begin((tx) => work(tx)) as Promise<R>;
  }

  async submitChild(subject: TaskSubject, payload: unknown, options?: SubmitOptions): Promise<string> {
    const taskId = options?.taskId ?? `submitted-${this.submitted.length + 1}`;
    this.submitted.push({ subject, payload, options, taskId });
    return taskId;
  }
}

/**
 * A real handler context for integration tests: the same class the worker hands handlers
 * (AttemptContext, so a handler that calls a method detached from it fails here as it would
 * in production), over a TestAttempt instead of a running attempt.
 */
export function createTestContext<S extends TaskSubject>(
  db: DbClient,
  subject: S,
  options: TestContextOptions = {},
): TaskContext & TestContextRecord {
  const attempt = new TestAttempt(db, subject, options);
  const { submitted, events, reported, abort } = attempt;
  return Object.assign(new AttemptContext(attempt), { submitted, events, reported, abort });
}

/** A BatchContext whose `deadLetter` calls are kept in `deadLetters` for the test to read. */
export type TestBatchContext = BatchContext & {
  readonly deadLetters: ({ taskId: string } & DeadLetterPart)[];
};

export function createTestBatchContext(db: DbClient, subject: TaskSubject): TestBatchContext {
  const deadLetters: ({ taskId: string } & DeadLetterPart)[] = [];
  return {
    deadLetters,
    db,
    subject,
    signal: new AbortController().signal,
    logger: pino({ level: 'silent' }),
    // No ledger rows here: the writes still commit in one transaction, as in the worker.
    complete: async (work) => {
      await db.sql.begin((tx) => work(tx));
    },
    deadLetter: (taskId, part) => {
      deadLetters.push({ taskId, ...part });
    },
  };
}
