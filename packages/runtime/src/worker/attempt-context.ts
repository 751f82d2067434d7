import type {
  DomainEvent,
  DomainEventSubject,
  TaskInput,
  TaskProgress,
  TaskSubject,
} from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import type { Logger } from 'pino';
import type { TransactionSql } from 'postgres';
import type { SubmitOptions, TaskContext, TaskInfo, TaskSubmitter } from '../context.js';

/** What a handler's context reaches of its attempt (run-attempt.ts's `Attempt`). */
export interface AttemptPort {
  readonly info: TaskInfo;
  readonly db: DbClient;
  signal(): AbortSignal;
  log(): Logger;
  reportProgress(p: TaskProgress): void;
  working(): void;
  publishEvent(subject: string, body: string): void;
  complete<R>(work: (tx: TransactionSql) => Promise<R>): Promise<R>;
  submitChild<S extends TaskSubject>(
    subject: S,
    payload: TaskInput<S>,
    options?: SubmitOptions,
  ): Promise<string>;
}

/**
 * The TaskContext an inline handler receives: one object per attempt whose methods live on
 * the prototype (no closure per method and attempt); the state is the attempt's. Methods
 * must be called on the context (`ctx.progress(p)`), as with any class.
 */
export class AttemptContext implements TaskContext {
  readonly task: TaskInfo;
  readonly db: DbClient;
  readonly #attempt: AttemptPort;
  #tasks: ChildSubmitter | undefined;

  constructor(attempt: AttemptPort) {
    this.#attempt = attempt;
    this.task = attempt.info;
    this.db = attempt.db;
  }

  get signal(): AbortSignal {
    return this.#attempt.signal();
  }

  get logger(): Logger {
    return this.#attempt.log();
  }

  /** Made on first use: most handlers submit nothing. */
  get tasks(): TaskSubmitter {
    this.#tasks ??= new ChildSubmitter(this.#attempt);
    return this.#tasks;
  }

  progress(progress: TaskProgress): void {
    this.#attempt.reportProgress(progress);
  }

  working(): void {
    this.#attempt.working();
  }

  async publishEvent<E extends DomainEventSubject>(subject: E, event: DomainEvent<E>): Promise<void> {
    this.#attempt.publishEvent(subject, JSON.stringify(event));
  }

  complete<R>(work: (tx: TransactionSql) => Promise<R>): Promise<R> {
    return this.#attempt.complete(work);
  }
}

/** `ctx.tasks`: submits follow-up tasks with the attempt's parent, correlation and user ids. */
class ChildSubmitter implements TaskSubmitter {
  readonly #attempt: AttemptPort;

  constructor(attempt: AttemptPort) {
    this.#attempt = attempt;
  }

  submit<S extends TaskSubject>(subject: S, payload: TaskInput<S>, options?: SubmitOptions): Promise<string> {
    return this.#attempt.submitChild(subject, payload, options);
  }
}
