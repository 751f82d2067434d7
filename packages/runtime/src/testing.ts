/**
 * `@repowiki/runtime/testing`: contexts for calling handlers as plain functions in the apps'
 * integration tests (real database; submissions recorded).
 */
import { getTask, type TaskSubject } from '@repowiki/contracts';
import type { DbClient } from '@repowiki/db';
import pino from 'pino';
import type { BatchContext, DeadLetterPart, SubmitOptions, TaskContext } from './context.js';

export interface SubmittedTask {
  subject: TaskSubject;
  payload: unknown;
  options: SubmitOptions | undefined;
}

/**
 * A real handler context for integration tests: the fixture's DbClient, a silent logger and
 * an AbortController the test may abort. Only `tasks.submit` records instead of publishing.
 */
export function createTestContext<S extends TaskSubject>(
  db: DbClient,
  subject: S,
): TaskContext & { submitted: SubmittedTask[]; abort: AbortController } {
  const abort = new AbortController();
  const submitted: SubmittedTask[] = [];
  const task = getTask(subject);
  return {
    abort,
    submitted,
    db,
    signal: abort.signal,
    logger: pino({ level: 'silent' }),
    task: {
      id: `test-${Math.random().toString(36).slice(2)}`,
      subject,
      queue: task.queue,
      name: task.name,
      attempt: 1,
      userId: null,
      correlationId: null,
      submittedAt: new Date(),
    },
    tasks: {
      async submit(s, payload, options) {
        submitted.push({ subject: s, payload, options });
        return options?.taskId ?? `submitted-${submitted.length}`;
      },
    },
    progress() {},
    working() {},
    async publishEvent() {},
    // No ledger row here: the writes still commit in one transaction, as in the worker.
    complete: (work) => db.sql.begin((tx) => work(tx)) as ReturnType<typeof work>,
  };
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
